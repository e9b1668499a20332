package io.github.fpauth.core.firewall;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the request firewall, PID {@value #PID}. */
@ObjectClassDefinition(id = FirewallConfiguration.PID, name = "fpauth request firewall",
        description = "Refuses, before any servlet or filter, the requests whose path could be read differently "
                + "by different components, and methods outside an allow-list.")
public @interface FirewallConfiguration {

    String PID = "io.github.fpauth.core.firewall";

    @AttributeDefinition(name = "Enabled",
            description = "Turning it off lets ambiguous paths reach path matching: it weakens every guard.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Allowed methods", description = "HTTP methods accepted; any other answers 400.")
    String[] allowedMethods() default { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };
}
