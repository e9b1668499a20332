package io.github.fpauth.core.firewall;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.core.spi.ConnectorCheck;

/**
 * The request firewall: checks every request before the whiteboard picks a context, a servlet or a
 * filter (fpauth's preprocessor asks it first). fpauth's guards rely on the whiteboard's path
 * matching; this makes sure that matching only ever sees paths that mean one thing, instead of
 * trusting the servlet container to have refused the others.
 */
@Component(service = RequestFirewall.class, configurationPid = FirewallConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FirewallConfiguration.class)
public class RequestFirewall {

    private static final Logger LOG = LoggerFactory.getLogger(RequestFirewall.class);

    /** Reasons already logged at WARN: each is logged once, later ones at DEBUG (no log flooding). */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Whether a request must carry the mark of the connector's guard ({@link ConnectorCheck}). */
    private final boolean connectorCheckRequired;
    private volatile Settings settings;

    @Activate
    public RequestFirewall(FirewallConfiguration config, BundleContext context) {
        this.connectorCheckRequired = Boolean.parseBoolean(context.getProperty(ConnectorCheck.REQUIRED_PROPERTY));
        if (connectorCheckRequired) {
            LOG.info("Requests not checked by the connector's guard are refused ({}=true)",
                    ConnectorCheck.REQUIRED_PROPERTY);
        }
        modified(config);
    }

    /** Without Declarative Services (tests, benchmarks): the settings of a configuration. */
    RequestFirewall(boolean enabled, String... allowedMethods) {
        this(false, enabled, allowedMethods);
    }

    RequestFirewall(boolean connectorCheckRequired, boolean enabled, String... allowedMethods) {
        this.connectorCheckRequired = connectorCheckRequired;
        configure(enabled, allowedMethods);
    }

    @Modified
    void modified(FirewallConfiguration config) {
        configure(config.enabled(), config.allowedMethods());
    }

    private void configure(boolean enabled, String[] allowedMethods) {
        Set<String> methods = ConcurrentHashMap.newKeySet();
        for (String method : allowedMethods) {
            if (method != null && !method.isBlank()) {
                methods.add(method.trim().toUpperCase(Locale.ROOT));
            }
        }
        settings = new Settings(enabled, methods.toArray(new String[0]));
        if (!enabled) {
            LOG.warn("The request firewall is disabled: ambiguous request paths reach path matching");
        }
    }

    /**
     * Whether the request may go on; when not, it has been answered 400 and the reason logged.
     * Requests that are not HTTP are not this firewall's to judge.
     */
    public boolean admits(ServletRequest req, ServletResponse res) throws IOException {
        if (connectorCheckRequired && req.getAttribute(ConnectorCheck.ATTRIBUTE) == null
                && res instanceof HttpServletResponse) {
            // Fail closed: the container may have read this request in ways the guard exists to stop.
            unavailable(req, (HttpServletResponse) res);
            return false;
        }
        Settings current = settings;
        if (current.enabled && req instanceof HttpServletRequest && res instanceof HttpServletResponse) {
            HttpServletRequest request = (HttpServletRequest) req;
            String problem = current.allows(request.getMethod()) ? null : "method not allowed";
            if (problem == null) {
                problem = RequestTargetCheck.problem(request.getRequestURI());
            }
            if (problem != null) {
                refuse(request, (HttpServletResponse) res, problem);
                return false;
            }
        }
        return true;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String problem) throws IOException {
        // The reason is ours, never an echo of the client's input.
        answer(request, response, problem, HttpServletResponse.SC_BAD_REQUEST, "Bad request: " + problem);
    }

    private void unavailable(ServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        answer(request, response, "not checked by the connector's guard: is its bundle running?",
                HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service unavailable");
    }

    private void answer(ServletRequest request, HttpServletResponse response, String problem, int status, String text)
            throws IOException {
        if (reported.add(problem)) {
            LOG.warn("Request firewall refused a request ({}) from {}; further refusals for this reason are logged "
                    + "at DEBUG", problem, request.getRemoteAddr());
        } else {
            LOG.debug("Request firewall refused a request ({}) from {}", problem, request.getRemoteAddr());
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(status);
        response.getWriter().write(text + "\n");
    }

    private static final class Settings {
        final boolean enabled;
        // A handful of names: a loop over an array beats hashing the method of every request.
        private final String[] allowedMethods;

        Settings(boolean enabled, String[] allowedMethods) {
            this.enabled = enabled;
            this.allowedMethods = allowedMethods;
        }

        boolean allows(String method) {
            for (String allowed : allowedMethods) {
                if (allowed.equals(method)) {
                    return true;
                }
            }
            return false;
        }
    }
}
