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

import io.github.fpauth.core.manager.AuthManagerRegistry;

/**
 * Resolves the current user of every request (FastPluggy's {@code CurrentUserMiddleware}):
 * anonymous when no manager is active or the request carries no valid credentials, never null.
 * It enforces nothing; guards do.
 *
 * <p>A whiteboard {@link Preprocessor}, so it runs once per request before the whiteboard picks a
 * context: every context, the Http Service's included, sees the same resolution, as do a
 * context's own security check, its error pages, forwards and includes, and a public route costs
 * no filter at all.
 */
// The name is not the specification's (preprocessors have none) but Pax Web's: it registers
// preprocessors as filters, and two without a name clash there.
@Component(service = Preprocessor.class, property = "osgi.http.whiteboard.filter.name=fpauth current user")
@RequireHttpWhiteboard
@ServiceRanking(WhiteboardPlacement.CURRENT_USER)
public class CurrentUserPreprocessor implements Preprocessor {

    private final RequestAuthenticator authenticator;

    @Activate
    public CurrentUserPreprocessor(@Reference AuthManagerRegistry registry) {
        this.authenticator = new RequestAuthenticator(registry);
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // stateless: everything per request comes from the registry's snapshot
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest) {
            chain.doFilter(authenticator.resolve((HttpServletRequest) request), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
