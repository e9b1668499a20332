package io.github.fpauth.user;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of auth-user, PID {@value #PID}; every property is optional. */
@ObjectClassDefinition(id = UserConfig.PID, name = "fpauth auth-user",
        description = "Users with hashed passwords, authenticated by HTTP Basic")
public @interface UserConfig {

    String PID = "io.github.fpauth.user";

    @AttributeDefinition(name = "Realm", description = "The realm of the HTTP Basic challenge "
            + "(printable ASCII without quotes or backslashes)")
    String realm() default "fpauth";

    @AttributeDefinition(name = "Credential cache time to live (seconds)", min = "0", max = "3600",
            description = "How long verified HTTP Basic credentials are trusted without hashing again; 0 disables the cache")
    int credentialCacheTtlSeconds() default 60;

    @AttributeDefinition(name = "Credential cache size", min = "0", max = "1000000",
            description = "At most this many verified credentials are remembered; 0 disables the cache")
    int credentialCacheSize() default 10_000;

    @AttributeDefinition(name = "Password hash iterations", min = "600000", max = "10000000",
            description = "PBKDF2-HMAC-SHA256 iterations for passwords set from now on; never below 600000")
    int passwordIterations() default 600_000;

    @AttributeDefinition(name = "Minimum password length", min = "1", max = "1024")
    int minPasswordLength() default 8;

    @AttributeDefinition(name = "Maximum password length", min = "1", max = "1024")
    int maxPasswordLength() default 1024;
}
