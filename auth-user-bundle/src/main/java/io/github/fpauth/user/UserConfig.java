package io.github.fpauth.user;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
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

    // ---- brute-force protection (throttle)

    @AttributeDefinition(name = "Failures per account before delays", min = "1", max = "10000",
            description = "Failed logins of one account (form, Basic or token) allowed before further attempts "
                    + "are refused with 429 for a growing delay")
    int throttleAccountFailures() default 5;

    @AttributeDefinition(name = "Failures per client address before delays", min = "1", max = "10000",
            description = "Failed logins from one client address allowed before further attempts are refused; "
                    + "higher than per account because an address is often shared (NAT, proxies)")
    int throttleAddressFailures() default 20;

    @AttributeDefinition(name = "First delay (seconds)", min = "1", max = "3600",
            description = "The first refusal lasts this long; each further failure doubles it")
    int throttleBaseDelaySeconds() default 1;

    @AttributeDefinition(name = "Longest delay (seconds)", min = "1", max = "3600",
            description = "Delays never grow beyond this, so nobody is locked out for long")
    int throttleMaxDelaySeconds() default 900;

    @AttributeDefinition(name = "Failed attempts per account and hour", min = "1", max = "100",
            description = "An account refuses attempts while it has this many failures within the last hour")
    int throttleFailuresPerHour() default 100;

    @AttributeDefinition(name = "Remembered accounts and addresses", min = "16", max = "10000000",
            description = "At most this many accounts (and as many addresses) are tracked; the oldest go first")
    int throttleMaxEntries() default 100_000;

    // ---- personal access tokens

    @AttributeDefinition(name = "Token last-used flush interval (seconds)", min = "1", max = "86400",
            description = "How often the last-used times of access tokens are written to disk")
    int tokenFlushSeconds() default 60;

    @AttributeDefinition(name = "Tokens per user", min = "1", max = "1000",
            description = "At most this many access tokens per user")
    int maxTokensPerUser() default 50;

    @AttributeDefinition(name = "Password hash iterations", min = "600000", max = "10000000",
            description = "PBKDF2-HMAC-SHA256 iterations for passwords set from now on; never below 600000")
    int passwordIterations() default 600_000;

    double DEFAULT_PASSWORD_HASHING_CPU_SHARE = 0.1;
    int MAX_PASSWORD_HASHING_WAIT_SECONDS = 60;

    @AttributeDefinition(name = "Share of CPU time for password hashing", min = "0.01", max = "1",
            description = "Password hashing uses at most this share of all cores' time over a while (0.1 on 2 cores: "
                    + "0.2 of a core, about 1.4 logins a second), so a flood of logins cannot slow down the requests that need no password. "
                    + "Up to 2 s of CPU time saved up while hashing is idle let a burst of logins through at full "
                    + "speed. 1: no cap beyond hashing on at most half the cores at once")
    double passwordHashingCpuShare() default DEFAULT_PASSWORD_HASHING_CPU_SHARE;

    @AttributeDefinition(name = "Longest wait for password hashing (seconds)", min = "0",
            max = "" + MAX_PASSWORD_HASHING_WAIT_SECONDS,
            description = "A login or password change whose hash would wait longer than this for its share of CPU "
                    + "time is refused as busy (503 with Retry-After), its answer held back that long first. Keep it below the core's "
                    + "authentication timeout (5 s by default): HTTP Basic logins that take longer are refused")
    int passwordHashingMaxWaitSeconds() default 3;

    @AttributeDefinition(name = "Minimum password length", min = "1", max = "1024")
    int minPasswordLength() default 8;

    @AttributeDefinition(name = "Maximum password length", min = "1", max = "1024")
    int maxPasswordLength() default 1024;

    // ---- sessions (browser login)

    @AttributeDefinition(name = "Session idle timeout (seconds)", min = "1",
            description = "A session ends after this long without a request")
    int sessionIdleTimeoutSeconds() default 1800;

    @AttributeDefinition(name = "Session absolute timeout (seconds)", min = "1",
            description = "A session ends this long after login, however active")
    int sessionAbsoluteTimeoutSeconds() default 43_200;

    @AttributeDefinition(name = "Remember-me idle timeout (seconds)", min = "1",
            description = "Idle timeout of sessions started with \"remember me\"")
    int rememberMeIdleTimeoutSeconds() default 2_592_000;

    @AttributeDefinition(name = "Remember-me absolute timeout (seconds)", min = "1",
            description = "Absolute timeout of sessions started with \"remember me\" (also the cookie's Max-Age)")
    int rememberMeAbsoluteTimeoutSeconds() default 2_592_000;

    @AttributeDefinition(name = "Sessions per user", min = "1", max = "1000",
            description = "A user holds at most this many sessions; a new login ends the least recently seen")
    int sessionsPerUser() default 10;

    @AttributeDefinition(name = "Always mark cookies Secure",
            description = "Mark the session and CSRF cookies Secure even on plain HTTP requests "
                    + "(set this behind a TLS-terminating proxy); they are always Secure on HTTPS requests")
    boolean cookieAlwaysSecure() default false;

    @AttributeDefinition(name = "Secret key", type = AttributeType.PASSWORD, description = "256 bits, base 64 "
            + "(openssl rand -base64 32), the same on every node: seals two-factor secrets at rest, signs the step "
            + "between password and code, and signs password-reset links. Empty: with the file store, a key file "
            + "beside the users is created; with a shared store, two-factor sign-in and reset links are unavailable")
    String secretKey() default "";

    @AttributeDefinition(name = "Session last-seen flush interval (seconds)", min = "1", max = "3600",
            description = "How often last-seen times are written to disk; a crash loses at most this much of them")
    int sessionFlushSeconds() default 60;
}
