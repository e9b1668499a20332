package io.github.fpauth.core.guard;

import java.io.IOException;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.osgi.service.http.whiteboard.annotations.RequireHttpWhiteboard;

import io.github.fpauth.core.firewall.RequestFirewall;
import io.github.fpauth.core.manager.AuthManagerRegistry;

/**
 * fpauth's whiteboard {@link Preprocessor}: lets the {@link RequestFirewall} refuse an ambiguous
 * request, then resolves the current user of every other one (FastPluggy's
 * {@code CurrentUserMiddleware}): anonymous when no manager is active or the request carries no
 * valid credentials, never null. It enforces nothing; guards do. One preprocessor for both, as
 * each one more is one more hop of every request through the whiteboard.
 *
 * <p>A whiteboard {@link Preprocessor}, so it runs once per request before the whiteboard picks a
 * context: every context, the Http Service's included, sees the same resolution, as do a
 * context's own security check, its error pages, forwards and includes, and a public route costs
 * no filter at all.
 */
// The name is not the specification's (preprocessors have none) but Pax Web's: it registers
// preprocessors as filters, which need one.
@Component(service = Preprocessor.class, property = "osgi.http.whiteboard.filter.name=fpauth")
@RequireHttpWhiteboard
@ServiceRanking(WhiteboardPlacement.PREPROCESSOR)
public class CurrentUserPreprocessor implements Preprocessor {

    private final RequestFirewall firewall;
    private final RequestAuthenticator authenticator;

    @Activate
    public CurrentUserPreprocessor(@Reference AuthManagerRegistry registry, @Reference RequestFirewall firewall) {
        this.firewall = firewall;
        this.authenticator = new RequestAuthenticator(registry);
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // stateless: everything per request comes from the registry's snapshot
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean http = request instanceof HttpServletRequest;
        if (http && RequestAuthenticator.find((HttpServletRequest) request) != null) {
            // Resolved by fpauth's other preprocessor (the javax one, when the Jakarta Servlet
            // Whiteboard adapter's runs behind it on one server), firewall included.
            chain.doFilter(request, response);
            return;
        }
        if (!firewall.admits(request, response)) {
            return;
        }
        // Looked for above: resolved now, without a second look.
        chain.doFilter(http ? authenticator.resolveNow((HttpServletRequest) request) : request, response);
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
