package io.github.fpauth.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

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
 * The {@code proxy} {@link AuthManager}: a reverse proxy in front (oauth2-proxy, Authelia, Traefik
 * forward-auth) has authenticated the user and names them in a header. Only requests from the
 * configured proxy addresses are believed; the same headers from any other address are ignored
 * (the request is anonymous) and logged. Several values of the user header, a user name with
 * control characters, or a missing or wrong shared secret refuse the request: when in doubt, deny.
 *
 * <p>The proxy is the only way in: a request it did not authenticate gets a 401 without a
 * challenge, as no credentials sent to fpauth could help.
 */
@Component(name = ProxyAuthManager.NAME, service = AuthManager.class, immediate = true,
        configurationPid = ProxyConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ProxyConfiguration.class)
public class ProxyAuthManager implements AuthManager {

    public static final String NAME = "proxy";

    static final AuthResult AMBIGUOUS = AuthResult.failed("ambiguous proxy identity");
    static final AuthResult MALFORMED = AuthResult.failed("malformed proxy identity");
    static final AuthResult BAD_SECRET = AuthResult.failed("proxy secret missing or wrong");

    private static final Logger LOG = LoggerFactory.getLogger(ProxyAuthManager.class);
    private static final int MAX_NAME_LENGTH = 256;
    private static final int MAX_GROUPS = 256;

    private final ThrottledWarning untrusted = new ThrottledWarning(LOG, 60, TimeUnit.SECONDS, System::nanoTime);
    private final ThrottledWarning refused = new ThrottledWarning(LOG, 60, TimeUnit.SECONDS, System::nanoTime);
    // Swapped whole on reconfiguration; a request reads it once.
    private volatile Settings settings;

    @Activate
    public ProxyAuthManager(ProxyConfiguration config) {
        this.settings = Settings.of(config);
        LOG.info("AuthManager {} takes the user from header {} of requests from {}", NAME, settings.userHeader,
                settings.proxies);
    }

    @Modified
    void modified(ProxyConfiguration config) {
        // Without @Modified a new configuration would re-register the service, briefly turning it off.
        try {
            settings = Settings.of(config);
        } catch (IllegalArgumentException e) {
            // Keeping the old addresses could trust one the operator just removed: trust none.
            settings = Settings.TRUSTING_NONE;
            LOG.error("AuthManager {} trusts no proxy until its configuration is mended", NAME);
            return;
        }
        LOG.info("AuthManager {} reconfigured: header {} from {}", NAME, settings.userHeader, settings.proxies);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthResult authenticate(HttpServletRequest request) {
        Settings current = settings;
        String address = request.getRemoteAddr();
        if (!current.proxies.trusts(address)) {
            if (request.getHeader(current.userHeader) != null) {
                untrusted.warn("Ignored header {} from {}, which is not a trusted proxy", current.userHeader, address);
            }
            return AuthResult.noCredentials();
        }
        if (current.secret != null && !hasSecret(request, current)) {
            refused.warn("Refused a request from proxy {}: header {} missing or wrong", address, current.secretHeader);
            return BAD_SECRET;
        }
        List<String> users = values(request, current.userHeader);
        if (users.isEmpty()) {
            return AuthResult.noCredentials();
        }
        if (users.size() > 1) {
            // A client's own header passed on beside the proxy's: which one counts is not ours to guess.
            refused.warn("Refused a request from proxy {}: {} values of header {}", address, users.size(),
                    current.userHeader);
            return AMBIGUOUS;
        }
        String user = text(users.get(0));
        if (user == null) {
            refused.warn("Refused a request from proxy {}: header {} is not a user name", address, current.userHeader);
            return MALFORMED;
        }
        AuthUser.Builder builder = AuthUser.builder(user).roles(current.roles.roles(groups(request, current)));
        String displayName = current.displayNameHeader == null ? null : text(request.getHeader(current.displayNameHeader));
        if (displayName != null) {
            builder.displayName(displayName);
        }
        return AuthResult.authenticated(builder.build());
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthResult result)
            throws IOException {
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Sign in through the proxy");
    }

    private static boolean hasSecret(HttpServletRequest request, Settings current) {
        List<String> sent = values(request, current.secretHeader);
        return sent.size() == 1
                && MessageDigest.isEqual(sent.get(0).getBytes(StandardCharsets.ISO_8859_1), current.secret);
    }

    private static List<String> groups(HttpServletRequest request, Settings current) {
        List<String> groups = new ArrayList<>();
        if (current.groupsHeader == null) {
            return groups;
        }
        for (String header : values(request, current.groupsHeader)) {
            for (String group : current.groupSeparator.split(header, -1)) {
                String name = text(group);
                if (name != null && groups.size() < MAX_GROUPS) {
                    groups.add(name);
                }
            }
        }
        return groups;
    }

    private static List<String> values(HttpServletRequest request, String header) {
        List<String> values = new ArrayList<>(1);
        Enumeration<String> all = request.getHeaders(header);
        while (all != null && all.hasMoreElements()) {
            values.add(all.nextElement());
        }
        return values;
    }

    /**
     * A header value as text: trimmed, UTF-8 when the proxy sent UTF-8 (the container reads header
     * bytes as ISO-8859-1), null when empty, too long or holding control characters.
     */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        String text = utf8(value.trim());
        if (text.isEmpty() || text.length() > MAX_NAME_LENGTH) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return null;
            }
        }
        return text;
    }

    private static String utf8(String latin1) {
        boolean ascii = true;
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c > 0xFF) {
                return latin1;
            }
            ascii &= c < 0x80;
        }
        if (ascii) {
            return latin1;
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)));
            return decoded.toString();
        } catch (CharacterCodingException notUtf8) {
            return latin1;
        }
    }

    /** One configuration, checked once. */
    private static final class Settings {
        static final Settings TRUSTING_NONE = new Settings();

        final TrustedProxies proxies;
        final String userHeader;
        final String displayNameHeader;
        final String groupsHeader;
        /** Compiled once: {@code String.split} would compile a quoted separator for every request. */
        final Pattern groupSeparator;
        final GroupRoles roles;
        final String secretHeader;
        final byte[] secret;

        private Settings() {
            proxies = TrustedProxies.parse();
            userHeader = "X-Forwarded-User";
            displayNameHeader = null;
            groupsHeader = null;
            groupSeparator = Pattern.compile(",", Pattern.LITERAL);
            roles = GroupRoles.parse(null, false);
            secretHeader = null;
            secret = null;
        }

        private Settings(ProxyConfiguration config) {
            proxies = TrustedProxies.parse(config.trustedProxies());
            if (proxies.isEmpty()) {
                throw new IllegalArgumentException(ProxyConfiguration.PID
                        + ": trustedProxies is empty; the proxy manager stays off until it names the proxy's addresses");
            }
            userHeader = required(config.userHeader(), "userHeader");
            displayNameHeader = optional(config.displayNameHeader());
            groupsHeader = optional(config.groupsHeader());
            groupSeparator = Pattern.compile(config.groupSeparator() == null || config.groupSeparator().isEmpty() ? ","
                    : config.groupSeparator(), Pattern.LITERAL);
            roles = GroupRoles.parse(config.roleMapping(), config.groupsAsRoles());
            secretHeader = optional(config.secretHeader());
            String value = config._secret();
            if (secretHeader != null && (value == null || value.isEmpty())) {
                throw new IllegalArgumentException(ProxyConfiguration.PID + ": secretHeader is set but .secret is empty");
            }
            secret = secretHeader == null ? null : value.getBytes(StandardCharsets.ISO_8859_1);
        }

        static Settings of(ProxyConfiguration config) {
            try {
                return new Settings(config);
            } catch (IllegalArgumentException e) {
                // The component does not activate: no manager rather than one that trusts the wrong addresses.
                LOG.error("AuthManager {} not started: {}", NAME, e.getMessage());
                throw e;
            }
        }

        private static String required(String header, String name) {
            String value = optional(header);
            if (value == null) {
                throw new IllegalArgumentException(ProxyConfiguration.PID + ": " + name + " is empty");
            }
            return value;
        }

        private static String optional(String header) {
            return header == null || header.isBlank() ? null : header.trim();
        }
    }
}
