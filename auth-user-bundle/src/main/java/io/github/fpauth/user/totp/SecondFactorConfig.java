package io.github.fpauth.user.totp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of two-factor sign-in (TOTP), PID {@value #PID}; every property is optional. The
 * key that seals the secrets is auth-user's {@code secretKey} ({@link io.github.fpauth.user.UserConfig}).
 */
@ObjectClassDefinition(id = SecondFactorConfig.PID, name = "fpauth auth-user two-factor sign-in",
        description = "Authenticator-app codes (TOTP, RFC 6238) after the password, and who must use them")
public @interface SecondFactorConfig {

    String PID = "io.github.fpauth.user.totp";

    /** Who must sign in with a second factor. */
    enum Required {
        /** Whoever enrols. */
        nobody,
        /** Holders of {@code fp_admin}, and whoever enrols. */
        admins,
        /** Every account. */
        everyone
    }

    @AttributeDefinition(name = "Required for", description = "Accounts that must sign in with a code: "
            + "one that has no authenticator yet is sent to enrolment right after its password and reaches nothing "
            + "else first; HTTP Basic with its password is refused (access tokens still work)",
            options = {@Option(label = "Nobody (whoever enrols)", value = "nobody"),
                @Option(label = "Administrators (fp_admin)", value = "admins"),
                @Option(label = "Everyone", value = "everyone")})
    Required required() default Required.nobody;

    @AttributeDefinition(name = "Issuer", description = "The name authenticator apps show for the account "
            + "(printable, without a colon)")
    String issuer() default "fpauth";

    @AttributeDefinition(name = "Time for the code (seconds)", min = "30", max = "900",
            description = "How long after a correct password the code (or the required enrolment) may follow")
    int pendingSignInSeconds() default 300;
}
