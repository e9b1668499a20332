package io.github.fpauth.oidc;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One provider's configuration, checked as a whole: a configuration with any mistake starts no
 * provider (and says why), rather than one that signs people in differently than intended.
 */
final class OidcSettings {

    static final String PATH_PREFIX = "/login/oidc/";
    static final String CALLBACK = "/callback";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern ROLE = Pattern.compile("[^\\s,]{1,64}");

    final String name;
    final String label;
    final URI issuer;
    final String clientId;
    final String clientSecret;
    final URI redirectUri;
    final URI postLogoutRedirectUri;
    final List<String> scopes;
    final List<String> roleClaimPath;
    /** Claim value to the roles it gives. */
    final Map<String, Set<String>> roleMapping;
    final Set<String> managedRoles;
    final Set<String> allowedEmailDomains;
    final boolean linkByVerifiedEmail;
    final int clockSkewSeconds;
    final int timeoutMillis;

    /** @throws IllegalArgumentException saying what is wrong */
    OidcSettings(OidcProviderConfiguration config) {
        name = text(config.name(), "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "': lower-case letters, digits and hyphens, at most 32");
        }
        label = text(config.label(), "label");
        issuer = httpsOrLoopback(text(config.issuer(), "issuer"), "issuer");
        clientId = text(config.clientId(), "clientId");
        clientSecret = text(config._clientSecret(), ".clientSecret");
        redirectUri = httpsOrLoopback(text(config.redirectUri(), "redirectUri"), "redirectUri");
        if (!callbackPath().equals(redirectUri.getRawPath()) || redirectUri.getRawQuery() != null
                || redirectUri.getRawFragment() != null) {
            throw new IllegalArgumentException("redirectUri must be this site's " + callbackPath()
                    + " (no query): '" + redirectUri + "'");
        }
        String postLogout = trimmed(config.postLogoutRedirectUri());
        postLogoutRedirectUri = postLogout.isEmpty() ? null : httpsOrLoopback(postLogout, "postLogoutRedirectUri");
        LinkedHashSet<String> asked = new LinkedHashSet<>();
        asked.add("openid");
        for (String scope : items(config.scopes())) {
            if (!trimmed(scope).isEmpty()) {
                asked.add(trimmed(scope));
            }
        }
        scopes = List.copyOf(asked);
        String claim = trimmed(config.roleClaim());
        roleClaimPath = claim.isEmpty() ? List.of() : List.of(claim.split("\\.", -1));
        if (roleClaimPath.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("roleClaim '" + claim + "': an empty part in the dotted path");
        }
        Map<String, Set<String>> mapping = new LinkedHashMap<>();
        Set<String> managed = new TreeSet<>();
        for (String entry : items(config.roleMapping())) {
            int eq = entry.lastIndexOf('=');
            String value = eq < 0 ? "" : entry.substring(0, eq).trim();
            String role = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (value.isEmpty() || !ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("roleMapping entry '" + entry + "': expected value=role");
            }
            mapping.computeIfAbsent(value, v -> new TreeSet<>()).add(role);
            managed.add(role);
        }
        if (!mapping.isEmpty() && roleClaimPath.isEmpty()) {
            throw new IllegalArgumentException("roleMapping needs a roleClaim to read the values from");
        }
        roleMapping = Collections.unmodifiableMap(mapping);
        managedRoles = Collections.unmodifiableSet(managed);
        Set<String> domains = new TreeSet<>();
        for (String domain : items(config.allowedEmailDomains())) {
            if (!trimmed(domain).isEmpty()) {
                domains.add(trimmed(domain).toLowerCase(Locale.ROOT));
            }
        }
        allowedEmailDomains = Collections.unmodifiableSet(domains);
        linkByVerifiedEmail = config.linkByVerifiedEmail();
        if (config.clockSkewSeconds() < 0 || config.clockSkewSeconds() > 300) {
            throw new IllegalArgumentException("clockSkewSeconds must be 0 to 300");
        }
        clockSkewSeconds = config.clockSkewSeconds();
        if (config.timeoutMillis() < 100 || config.timeoutMillis() > 60_000) {
            throw new IllegalArgumentException("timeoutMillis must be 100 to 60000");
        }
        timeoutMillis = config.timeoutMillis();
    }

    String startPath() {
        return PATH_PREFIX + name;
    }

    String callbackPath() {
        return PATH_PREFIX + name + CALLBACK;
    }

    /** The roles a person holds by the values of the role claim. */
    Set<String> rolesFor(List<String> claimValues) {
        Set<String> roles = new TreeSet<>();
        for (String value : claimValues) {
            roles.addAll(roleMapping.getOrDefault(value, Set.of()));
        }
        return roles;
    }

    private static URI httpsOrLoopback(String value, String what) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !("https".equals(scheme)
                || "http".equals(scheme) && isLoopback(uri.getHost()))) {
            throw new IllegalArgumentException(what + " '" + value + "' must be an https URL (http only on a loopback"
                    + " address), without user information");
        }
        return uri;
    }

    /** A literal loopback address or localhost: never a name looked up in DNS. */
    private static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The entries of a list setting; an entry may also hold several separated by commas (a .cfg
     * file of the runtime's deploy/ folder gives a list as one comma-separated string).
     */
    private static List<String> items(String[] values) {
        List<String> items = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String item : value.split(",", -1)) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    private static String text(String value, String what) {
        String trimmed = trimmed(value);
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return trimmed;
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /** For log lines: never the secret. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("issuer=" + issuer);
        parts.add("clientId=" + clientId);
        parts.add("redirectUri=" + redirectUri);
        return "OpenID provider " + name + " " + parts;
    }
}
