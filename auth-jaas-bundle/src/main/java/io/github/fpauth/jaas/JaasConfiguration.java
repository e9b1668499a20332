package io.github.fpauth.jaas;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@code karaf_jaas} manager, PID {@value #PID}. Applies at once. */
@ObjectClassDefinition(id = JaasConfiguration.PID, name = "fpauth Karaf JAAS",
        description = "HTTP Basic authentication against a JAAS realm (Karaf's etc/users.properties by default).")
public @interface JaasConfiguration {

    String PID = "io.github.fpauth.jaas";

    @AttributeDefinition(name = "JAAS realm",
            description = "Name of the JAAS realm (login configuration) that checks user and password.")
    String realm() default "karaf";

    @AttributeDefinition(name = "Admin role",
            description = "The JAAS role that becomes fpauth's fp_admin. Every other role is passed through as is.")
    String adminRole() default "admin";

    @AttributeDefinition(name = "Role principal classes",
            description = "Class names of the JAAS principals that carry roles; principals of other classes "
                    + "(the user, groups) are not roles.")
    String[] rolePrincipalClasses() default { "org.apache.karaf.jaas.boot.principal.RolePrincipal" };

    @AttributeDefinition(name = "Credential cache TTL (seconds)",
            description = "How long verified credentials are trusted without a new JAAS login; a password change "
                    + "or removal in the realm takes at most this long to apply. 0 disables the cache.")
    int credentialCacheTtlSeconds() default 30;

    @AttributeDefinition(name = "Credential cache size",
            description = "At most this many verified credentials are kept.")
    int credentialCacheSize() default 1000;
}
