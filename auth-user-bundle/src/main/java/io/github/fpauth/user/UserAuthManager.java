package io.github.fpauth.user;

import java.io.IOException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.ui.MenuEntry;
import io.github.fpauth.user.basic.BasicAuthorization;
import io.github.fpauth.user.basic.BasicCredentials;
import io.github.fpauth.user.cache.VerifiedCredentialCache;
import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.session.BrowserLogin;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.throttle.Verdict;
import io.github.fpauth.user.token.AccessTokens;
import io.github.fpauth.user.token.BearerAuthorization;
import io.github.fpauth.user.token.TokenSecrets;
import io.github.fpauth.user.totp.SecondFactors;

/**
 * The {@code auth_user} {@link AuthManager}: HTTP Basic against the bundle's user store, and
 * browser sessions started by the login page.
 *
 * <p>{@code authenticate} reads the {@code Authorization} header; without one, the session
 * cookie ({@link SessionAuthenticator}). Another scheme is "no credentials", a malformed Basic
 * header is "malformed credentials", a wrong user or password (or a disabled user) is "invalid
 * credentials". Unauthenticated browsers are sent to the login page, API clients challenged.
 */
@Component(name = UserAuthManager.NAME, service = AuthManager.class, immediate = true,
        configurationPid = UserConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UserConfig.class)
public class UserAuthManager implements AuthManager {

    public static final String NAME = "auth_user";

    static final AuthResult MALFORMED = AuthResult.failed("malformed credentials");
    /** The failure reason of a refused attempt; answered 429 with {@code Retry-After}. */
    public static final String THROTTLED = "throttled";
    /**
     * The failure reason of an attempt whose password could not be checked because hashing is
     * over its share of CPU time; answered 503 with {@code Retry-After}.
     */
    public static final String BUSY = "busy";
    static final AuthResult INVALID_TOKEN = AuthResult.failed("invalid token");
    /**
     * The failure reason while the shared store is missing or unreachable: nothing can be checked
     * against records that may be stale; answered 503 with {@code Retry-After}.
     */
    public static final String UNAVAILABLE = "store unavailable";
    /** How long a client waits for the shared store to come back. */
    public static final long UNAVAILABLE_RETRY_SECONDS = 5;
    /** Request attribute: the seconds a throttled (or busy) client must wait. */
    static final String RETRY_AFTER_ATTRIBUTE = UserAuthManager.class.getName() + ".retryAfter";

    private static final Logger LOG = LoggerFactory.getLogger(UserAuthManager.class);
    private static final int MAX_REALM_LENGTH = 64;

    private final UserDirectory directory;
    private final SessionAuthenticator sessions;
    // Mandatory: this service registers only once tokens can be checked, so a valid token is never
    // refused while the bundle starts. With the token store unreadable it is there but unavailable.
    private final AccessTokens tokens;
    private volatile BrowserLogin browserLogin;
    // Swapped whole on reconfiguration; the request path reads it once.
    private volatile Settings settings;

    // ---- brute-force protection
    @Reference
    Throttle throttle;

    // ---- where the records are: with a shared store, only a current replica may be trusted
    @Reference
    SharedStoreTracker storage;

    // ---- who needs a second factor: they cannot use HTTP Basic with a password
    @Reference
    volatile SecondFactors secondFactors;

    @Activate
    public UserAuthManager(@Reference UserDirectory directory, @Reference SessionStore sessionStore,
            @Reference AccessTokens tokens, UserConfig config) {
        this.directory = directory;
        this.sessions = new SessionAuthenticator(sessionStore, directory);
        this.tokens = tokens;
        this.browserLogin = new BrowserLogin(new Cookies(config.cookieAlwaysSecure()), sessions);
        this.settings = settings(config);
        directory.addListener(settings.authenticator.cache());
    }

    @Modified
    void modified(UserConfig config) {
        // Without @Modified a new configuration would re-register this service, briefly turning auth off.
        Settings old = settings;
        Settings next = settings(config);
        browserLogin = new BrowserLogin(new Cookies(config.cookieAlwaysSecure()), sessions);
        directory.addListener(next.authenticator.cache());
        settings = next;
        directory.removeListener(old.authenticator.cache());
        old.authenticator.cache().clear();
    }

    @Deactivate
    void deactivate() {
        directory.removeListener(settings.authenticator.cache());
        settings.authenticator.cache().clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthResult authenticate(HttpServletRequest request) {
        if (!storage.isAvailable()) {
            // Fail closed: a revoked session, a disabled user or a lockout may be missing here.
            LOG.debug("Shared store unavailable: {} {} not authenticated", request.getMethod(), request.getRequestURI());
            return retryLater(request, UNAVAILABLE, UNAVAILABLE_RETRY_SECONDS);
        }
        String header = request.getHeader("Authorization");
        if (header == null) {
            return sessions.authenticate(request);
        }
        if (BearerAuthorization.isOurs(header)) {
            return hasSecondAuthorizationHeader(request) ? MALFORMED : authenticateBearer(request, header);
        }
        BasicAuthorization basic = BasicAuthorization.parse(header);
        switch (basic.outcome()) {
        case ABSENT:
            return AuthResult.noCredentials();
        case MALFORMED:
            LOG.debug("Malformed HTTP Basic credentials from {}", request.getRemoteAddr());
            return MALFORMED;
        default:
            if (hasSecondAuthorizationHeader(request)) {
                // Which one counts would depend on who reads them: refuse the ambiguity.
                LOG.debug("Several Authorization headers from {}", request.getRemoteAddr());
                return MALFORMED;
            }
            return authenticateBasic(request, basic.credentials());
        }
    }

    // ---- brute-force protection and access tokens

    private AuthResult authenticateBasic(HttpServletRequest request, BasicCredentials credentials) {
        String account = credentials.username();
        // A quiet throttle allows anything: no check, and no address (Jetty formats it anew on every call).
        String address = null;
        if (!throttle.isQuiet()) {
            address = request.getRemoteAddr();
            Verdict verdict = throttle.check(account, address);
            if (!verdict.isAllowed()) {
                return throttled(request, address, verdict);
            }
        }
        AuthResult result;
        boolean token = TokenSecrets.looksLikeToken(credentials.password());
        if (token) {
            // A token as the Basic password (pip, twine, curl -u): its owner must be the user named.
            result = tokenResult(credentials.password(), account);
        } else {
            try {
                result = settings.authenticator.authenticate(credentials);
            } catch (HashingBusyException e) {
                // Nothing was checked: neither a failure nor a success of the account or the address.
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Busy: HTTP Basic credentials from {} not checked, retry after {} s",
                            address(request, address), e.retryAfterSeconds());
                }
                return retryLater(request, BUSY, e.retryAfterSeconds());
            }
        }
        if (result.isAuthenticated()) {
            // Asked again: a failure may have been recorded since, and this success ends its run.
            if (!throttle.isQuiet()) {
                throttle.recordSuccess(account, address(request, address));
            }
        } else if (token && !tokens.isAvailable()) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Token refused from {}: access tokens are disabled", address(request, address));
            }
        } else {
            address = address(request, address);
            throttle.recordFailure(account, address);
            LOG.debug("Invalid HTTP Basic credentials from {}", address);
        }
        return result;
    }

    private AuthResult authenticateBearer(HttpServletRequest request, String header) {
        // A quiet throttle allows anything: no check, and no address (Jetty formats it anew on every call).
        String address = null;
        if (!throttle.isQuiet()) {
            address = request.getRemoteAddr();
            // No account is named before the lookup: only the address can be throttled.
            Verdict verdict = throttle.check(null, address);
            if (!verdict.isAllowed()) {
                return throttled(request, address, verdict);
            }
        }
        AuthResult result = tokenResult(BearerAuthorization.token(header), null);
        if (result.isAuthenticated()) {
            return result;
        }
        address = address(request, address);
        if (tokens.isAvailable()) {
            throttle.recordFailure(null, address);
            LOG.debug("Invalid bearer token from {}", address);
        } else {
            LOG.debug("Token refused from {}: access tokens are disabled", address);
        }
        return result;
    }

    /** The client address: {@code known} when it was fetched already, else fetched now. */
    private static String address(HttpServletRequest request, String known) {
        return known != null ? known : request.getRemoteAddr();
    }

    /**
     * The token's owner, else {@link #INVALID_TOKEN}. With tokens disabled every token is refused, yet
     * the refusal is not the client's failure (it may hold a valid token): callers then leave the
     * throttle alone, or an address whose tokens are valid would be locked out.
     */
    private AuthResult tokenResult(String secret, String claimedOwner) {
        User owner = tokens.authenticate(secret, claimedOwner);
        return owner == null ? INVALID_TOKEN : owner.authenticated();
    }

    private static AuthResult throttled(HttpServletRequest request, String address, Verdict verdict) {
        LOG.debug("Throttled credentials from {} for {} s", address, verdict.retryAfterSeconds());
        return retryLater(request, THROTTLED, verdict.retryAfterSeconds());
    }

    /** A failure answered with {@code Retry-After}: the seconds travel in a request attribute. */
    private static AuthResult retryLater(HttpServletRequest request, String reason, long seconds) {
        request.setAttribute(RETRY_AFTER_ATTRIBUTE, seconds);
        return AuthResult.failed(reason);
    }

    /** Answers a {@link #retryLater} failure; whether it was one. */
    private static boolean answerRetryLater(HttpServletRequest request, HttpServletResponse response,
            AuthResult result) throws IOException {
        String reason = result == null ? null : result.failureReason().orElse(null);
        int status;
        String message;
        if (THROTTLED.equals(reason)) {
            status = 429;
            message = "Too many failed attempts";
        } else if (BUSY.equals(reason)) {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            message = "The server is busy checking passwords";
        } else if (UNAVAILABLE.equals(reason)) {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            message = "Authentication is not available";
        } else {
            return false;
        }
        Object retryAfter = request.getAttribute(RETRY_AFTER_ATTRIBUTE);
        long seconds = retryAfter instanceof Long ? (Long) retryAfter : 1;
        response.setHeader("Retry-After", Long.toString(seconds));
        response.sendError(status, message + "; retry after " + seconds + " s");
        return true;
    }
    // ---- end of brute-force protection and access tokens

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthResult result)
            throws IOException {
        if (answerRetryLater(request, response, result)) {
            return;
        }
        if (browserLogin.answer(request, response)) {
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + settings.realm + "\", charset=\"UTF-8\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    @Override
    public Optional<String> loginPath(HttpServletRequest request) {
        return browserLogin.loginPath();
    }

    @Override
    public List<MenuEntry> userMenuEntries(HttpServletRequest request) {
        return browserLogin.menuEntries(request);
    }

    private static boolean hasSecondAuthorizationHeader(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return false;
        }
        headers.nextElement();
        return headers.hasMoreElements();
    }

    private Settings settings(UserConfig config) {
        int ttl = Math.max(0, Math.min(config.credentialCacheTtlSeconds(), 3600));
        int size = Math.max(0, Math.min(config.credentialCacheSize(), 1_000_000));
        if (ttl != config.credentialCacheTtlSeconds() || size != config.credentialCacheSize()) {
            LOG.warn("Credential cache ttl={}s size={} out of range; using ttl={}s size={}",
                    config.credentialCacheTtlSeconds(), config.credentialCacheSize(), ttl, size);
        }
        VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ofSeconds(ttl), size);
        return new Settings(realm(config.realm()), new BasicAuthenticator(directory, cache, this::mayUsePasswordAlone));
    }

    /** Whether HTTP Basic may sign {@code user} in with a password: not when a second factor is required. */
    private boolean mayUsePasswordAlone(User user) {
        SecondFactors factors = secondFactors;
        return factors == null ? !user.hasSecondFactor() : !factors.isRequired(user);
    }

    static String realm(String configured) {
        if (configured == null || configured.isEmpty() || configured.length() > MAX_REALM_LENGTH) {
            return invalidRealm(configured);
        }
        for (int i = 0; i < configured.length(); i++) {
            char c = configured.charAt(i);
            // Goes into a quoted-string of a response header: printable ASCII, no quote or backslash.
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return invalidRealm(configured);
            }
        }
        return configured;
    }

    private static String invalidRealm(String configured) {
        if (configured != null && !configured.isEmpty()) {
            LOG.warn("The configured realm is not printable ASCII of at most {} characters without quotes or "
                    + "backslashes; using '{}'", MAX_REALM_LENGTH, DEFAULT_REALM);
        }
        return DEFAULT_REALM;
    }

    /** What a configuration decides, swapped as one. */
    private static final class Settings {
        final String realm;
        final BasicAuthenticator authenticator;

        Settings(String realm, BasicAuthenticator authenticator) {
            this.realm = realm;
            this.authenticator = authenticator;
        }
    }
}
