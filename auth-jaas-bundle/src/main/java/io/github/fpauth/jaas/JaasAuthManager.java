package io.github.fpauth.jaas;

import java.time.Duration;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.function.LongSupplier;

import javax.security.auth.login.Configuration;
import javax.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;

/**
 * The {@code karaf_jaas} {@link AuthManager}: HTTP Basic checked by a JAAS realm, by default
 * Karaf's {@code karaf} realm (etc/users.properties), with the realm's admin role mapped to
 * {@code fp_admin}.
 *
 * <p>A JAAS login per request is costly (Karaf's properties realm reads its file every time), so
 * accepted credentials are trusted for a short TTL without a new login; see
 * {@link VerifiedCredentialCache}.
 */
@Component(name = JaasAuthManager.NAME, service = AuthManager.class, immediate = true,
        configurationPid = JaasConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JaasConfiguration.class)
public class JaasAuthManager implements AuthManager {

    public static final String NAME = "karaf_jaas";

    static final AuthResult MALFORMED = AuthResult.failed("malformed credentials");
    static final AuthResult INVALID = AuthResult.failed("invalid credentials");

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthManager.class);
    private static final int MAX_CACHE_TTL_SECONDS = 3600;
    private static final int MAX_CACHE_SIZE = 100_000;

    private final Configuration jaasConfiguration;
    private final LongSupplier nanoClock;
    // Swapped whole on reconfiguration; a request reads it once.
    private volatile Settings settings;

    @Activate
    public JaasAuthManager(JaasConfiguration config) {
        this(config, null, System::nanoTime);
    }

    /** For tests: an explicit JAAS configuration instead of the JVM-wide one, and a clock. */
    JaasAuthManager(JaasConfiguration config, Configuration jaasConfiguration, LongSupplier nanoClock) {
        this.jaasConfiguration = jaasConfiguration;
        this.nanoClock = nanoClock;
        this.settings = settings(config);
        LOG.info("AuthManager {} checks HTTP Basic against JAAS realm '{}'", NAME, settings.realm.name());
    }

    @Modified
    void modified(JaasConfiguration config) {
        // Without @Modified a new configuration would re-register the service, briefly turning auth off.
        Settings old = settings;
        settings = settings(config);
        old.cache.clear();
        LOG.info("AuthManager {} reconfigured: JAAS realm '{}'", NAME, settings.realm.name());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthResult authenticate(HttpServletRequest request) {
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(request.getHeader("Authorization"));
        } catch (BasicCredentials.MalformedException e) {
            LOG.debug("Malformed HTTP Basic credentials from {}: {}", request.getRemoteAddr(), e.getMessage());
            return MALFORMED;
        }
        if (credentials == null) {
            return AuthResult.noCredentials();
        }
        if (hasSecondAuthorizationHeader(request)) {
            // Which one counts would depend on who reads them: refuse the ambiguity.
            LOG.debug("Several Authorization headers from {}", request.getRemoteAddr());
            return MALFORMED;
        }
        Settings current = settings;
        AuthUser cached = current.cache.get(credentials.user(), credentials.password());
        if (cached != null) {
            return AuthResult.authenticated(cached);
        }
        JaasRealm.Result login = current.realm.login(credentials.user(), credentials.password());
        switch (login.outcome) {
        case ACCEPTED:
            current.cache.put(credentials.user(), credentials.password(), login.user);
            return AuthResult.authenticated(login.user);
        case REFUSED:
            LOG.debug("JAAS realm '{}' refused user '{}' from {}", current.realm.name(), credentials.user(),
                    request.getRemoteAddr());
            return INVALID;
        default:
            LOG.warn("JAAS realm '{}' could not check user '{}': {}", current.realm.name(), credentials.user(),
                    login.error);
            return INVALID;
        }
    }

    private static boolean hasSecondAuthorizationHeader(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return false;
        }
        headers.nextElement();
        return headers.hasMoreElements();
    }

    private Settings settings(JaasConfiguration config) {
        String realm = config.realm() == null || config.realm().isBlank() ? "karaf" : config.realm().trim();
        String adminRole = config.adminRole() == null || config.adminRole().isBlank() ? "admin" : config.adminRole().trim();
        String[] roleClasses = config.rolePrincipalClasses() == null ? new String[0] : config.rolePrincipalClasses();
        int ttl = Math.max(0, Math.min(config.credentialCacheTtlSeconds(), MAX_CACHE_TTL_SECONDS));
        int size = Math.max(0, Math.min(config.credentialCacheSize(), MAX_CACHE_SIZE));
        if (ttl != config.credentialCacheTtlSeconds() || size != config.credentialCacheSize()) {
            LOG.warn("Credential cache ttl={}s size={} out of range; using ttl={}s size={}",
                    config.credentialCacheTtlSeconds(), config.credentialCacheSize(), ttl, size);
        }
        RoleMapping roles = new RoleMapping(adminRole, Arrays.asList(roleClasses));
        return new Settings(new JaasRealm(realm, roles, jaasConfiguration),
                new VerifiedCredentialCache(Duration.ofSeconds(ttl), size, nanoClock));
    }

    /** What a configuration decides, swapped as one. */
    private static final class Settings {
        final JaasRealm realm;
        final VerifiedCredentialCache cache;

        Settings(JaasRealm realm, VerifiedCredentialCache cache) {
            this.realm = realm;
            this.cache = cache;
        }
    }
}
