package io.github.fpauth.jakarta.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.apache.felix.http.jakartawrappers.FilterWrapper;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;

import io.github.fpauth.core.spi.RouteGuards;

/**
 * The core's preprocessor on the Jakarta Servlet Whiteboard: the request firewall, then the
 * current user of every request, for every Jakarta context. Where one server runs both
 * whiteboards (Felix HTTP on Jetty 12), the core's javax preprocessor has already resolved the
 * request and this one passes it on.
 */
@Component(service = Preprocessor.class)
@RequireHttpWhiteboard
@ServiceRanking(RouteGuards.PREPROCESSOR_RANKING)
public class JakartaCurrentUserPreprocessor implements Preprocessor {

    private final FilterWrapper filter;

    @Activate
    public JakartaCurrentUserPreprocessor(@Reference RouteGuards guards) {
        this.filter = new FilterWrapper(guards.currentUserFilter());
    }

    @Override
    public void init(FilterConfig config) {
        // the core's filter is stateless
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        filter.doFilter(request, response, chain);
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
