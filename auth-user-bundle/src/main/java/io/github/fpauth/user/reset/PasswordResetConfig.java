package io.github.fpauth.user.reset;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of password reset, PID {@value #PID}; every property is optional. Links are
 * signed with auth-user's {@code secretKey} ({@link io.github.fpauth.user.UserConfig}).
 */
@ObjectClassDefinition(id = PasswordResetConfig.PID, name = "fpauth auth-user password reset",
        description = "One-time password-reset links, made by administrators or mailed (\"Forgot password?\")")
public @interface PasswordResetConfig {

    String PID = "io.github.fpauth.user.reset";

    @AttributeDefinition(name = "Link lifetime (minutes)", min = "5", max = "1440",
            description = "A reset link works once, and only this long; a password change ends it sooner")
    int linkMinutes() default 30;

    @AttributeDefinition(name = "Public URL", description = "How users reach this site, e.g. https://app.example.org "
            + "(scheme and host, no path): reset links are made absolute with it, never with a request's Host "
            + "header. Required for \"Forgot password?\"; empty: the links shown to administrators use the address of "
            + "their own request")
    String publicUrl() default "";

    @AttributeDefinition(name = "Mails per account and hour", min = "1", max = "100",
            description = "\"Forgot password?\" sends at most this many mails to one account an hour (per node)")
    int mailsPerAccountPerHour() default 3;

    @AttributeDefinition(name = "Requests per client address and hour", min = "1", max = "10000",
            description = "\"Forgot password?\" takes at most this many requests from one address an hour (per node)")
    int requestsPerAddressPerHour() default 10;
}
