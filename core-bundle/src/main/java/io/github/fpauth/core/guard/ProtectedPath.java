package io.github.fpauth.core.guard;

import java.util.Arrays;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.core.manager.AuthManagerRegistry;

/**
 * One protected area from a factory configuration: registers a guard filter on the prefix's
 * patterns ({@code /p} and {@code /p/*}, the whiteboard's segment-aware matching) in the
 * configured contexts.
 */
@Component(configurationPid = ProtectedPathConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ProtectedPathConfiguration.class, factory = true)
public class ProtectedPath {

    private static final Logger LOG = LoggerFactory.getLogger(ProtectedPath.class);

    private final BundleContext context;
    private final RequestAuthenticator authenticator;
    private GuardRegistration guard;

    @Activate
    public ProtectedPath(BundleContext context, @Reference AuthManagerRegistry registry,
            ProtectedPathConfiguration config) {
        this.context = context;
        this.authenticator = new RequestAuthenticator(registry);
        this.guard = register(config);
    }

    @Modified
    void modified(ProtectedPathConfiguration config) {
        // The new guard is in place before the old one goes: no unguarded moment.
        GuardRegistration old = guard;
        guard = register(config);
        old.unregister();
    }

    @Deactivate
    void deactivate() {
        guard.unregister();
    }

    private GuardRegistration register(ProtectedPathConfiguration config) {
        String[] patterns = patterns(config.prefix());
        String select = contextSelect(config.context());
        List<String> roles = Arrays.asList(config.requireRole() == null ? new String[0] : config.requireRole());
        Requirement requirement = roles.stream().anyMatch(r -> r != null && !r.isBlank())
                ? Requirement.roles(roles.stream().filter(r -> r != null && !r.isBlank()).map(String::trim).toList())
                : Requirement.authenticated();
        if (!config.requireAuthentication() && requirement.roles().isEmpty()) {
            // Nothing to require would silently protect nothing: say so rather than guess.
            LOG.warn("Protected path {} in context {} requires neither authentication nor a role: it still requires "
                    + "authentication", config.prefix(), config.context());
        }
        LOG.info("Protecting {} in context {} with {}", String.join(" ", patterns), config.context(), requirement);
        return GuardRegistration.register(context, "fpauth protected path " + config.prefix(), requirement,
                authenticator, new GuardRegistration.Target(patterns, new String[0], new String[0], select, null));
    }

    /** The whiteboard patterns for a prefix; rejects anything that is not a plain path. */
    static String[] patterns(String prefix) {
        String p = prefix == null ? "" : prefix;
        if (p.isEmpty() || "/".equals(p) || "/*".equals(p)) {
            return new String[] { "/*" };
        }
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("prefix must start with '/': " + prefix);
        }
        for (String segment : p.substring(1).split("/", -1)) {
            if (segment.isEmpty() || ".".equals(segment) || "..".equals(segment)) {
                throw new IllegalArgumentException("prefix must be a plain path without empty or dot segments: "
                        + prefix);
            }
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= ' ' || c == 0x7f || "*?#;%\\".indexOf(c) >= 0) {
                throw new IllegalArgumentException("prefix must be a plain decoded path: " + prefix);
            }
        }
        return new String[] { p, p + "/*" };
    }

    /** The LDAP filter selecting a context by name, or every context for {@code *}. */
    static String contextSelect(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || "*".equals(n)) {
            return WhiteboardPlacement.ALL_CONTEXTS;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < ' ' || "()*\\".indexOf(c) >= 0) {
                throw new IllegalArgumentException("not a whiteboard context name: " + name);
            }
        }
        return "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + n + ")";
    }
}
