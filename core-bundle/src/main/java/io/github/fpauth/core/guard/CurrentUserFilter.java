package io.github.fpauth.core.guard;

import java.io.IOException;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.osgi.service.http.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterDispatcher;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.github.fpauth.core.manager.AuthManagerRegistry;

/**
 * Resolves the current user of every request in every whiteboard context (FastPluggy's
 * {@code CurrentUserMiddleware}): anonymous when no manager is active or the request carries no
 * valid credentials, never null. It enforces nothing; guards do.
 */
@Component(service = Filter.class, scope = ServiceScope.PROTOTYPE)
@RequireHttpWhiteboard
@HttpWhiteboardFilterName("fpauth current user")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect(WhiteboardPlacement.ALL_CONTEXTS)
@HttpWhiteboardFilterDispatcher({ DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
    DispatcherType.ASYNC, DispatcherType.ERROR })
@ServiceRanking(WhiteboardPlacement.CURRENT_USER)
public class CurrentUserFilter implements Filter {

    private final RequestAuthenticator authenticator;

    @Activate
    public CurrentUserFilter(@Reference AuthManagerRegistry registry) {
        this.authenticator = new RequestAuthenticator(registry);
    }

    @Override
    public void init(javax.servlet.FilterConfig filterConfig) {
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
