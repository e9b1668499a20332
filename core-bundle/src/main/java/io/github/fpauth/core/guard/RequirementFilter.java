package io.github.fpauth.core.guard;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.core.manager.ManagerEntry;

/**
 * Enforces one {@link Requirement} on the requests the whiteboard routes through it (FastPluggy's
 * {@code require_authentication} / {@code require_role}):
 * <ul>
 * <li>a manager is active: not authenticated, its failure answer (401 or a redirect to its login
 * page); authenticated without a required role, 403;</li>
 * <li>no manager is active: open, unless the core fails closed (strict mode or an absent
 * configured manager), then 503.</li>
 * </ul>
 */
final class RequirementFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(RequirementFilter.class);

    private final Requirement requirement;
    private final RequestAuthenticator authenticator;

    RequirementFilter(Requirement requirement, RequestAuthenticator authenticator) {
        this.requirement = requirement;
        this.authenticator = authenticator;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up: the requirement is fixed and the snapshot is read per request
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            throw new ServletException("fpauth guards HTTP requests only");
        }
        HttpServletResponse response = (HttpServletResponse) res;
        HttpServletRequest incoming = (HttpServletRequest) req;
        AuthenticatedRequest request = authenticator.resolve(incoming);
        if (request.manager() != null && authenticator.isGone(request.manager())) {
            // The manager went away after resolving this request and before its servlet ran:
            // nothing it decided still holds; the request goes on as the current state says.
            LOG.debug("AuthManager {} went away during {} {}; resolving the request again", request.manager(),
                    request.getMethod(), request.getRequestURI());
            request = authenticator.resolveNow(incoming);
        }
        ManagerEntry manager = request.manager();
        if (manager == null) {
            if (request.snapshot().isFailingClosed()) {
                response.setHeader("Retry-After", "5");
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Authentication is not available");
                return;
            }
            chain.doFilter(onward(incoming, request), response);
            return;
        }
        AuthResult result = request.result();
        if (!result.isAuthenticated()) {
            fail(manager, onward(incoming, request), response, result);
            return;
        }
        if (!result.scopes().containsAll(requirement.roles())) {
            LOG.debug("{} denied {} {}: requires {}", result.user().getName(), request.getMethod(),
                    request.getRequestURI(), requirement);
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        // What a user may see must not be served to another one by a shared cache.
        response.setHeader("Cache-Control", "private, no-store");
        chain.doFilter(onward(incoming, request), response);
    }

    /**
     * What goes on down the chain: the request as this filter received it when its resolution
     * was found below (it may sit under the whiteboard's own wrapper, which knows the servlet
     * path), or the new wrapper when this filter had to resolve it.
     */
    private static HttpServletRequest onward(HttpServletRequest incoming, AuthenticatedRequest resolved) {
        return resolved.getRequest() == incoming ? resolved : incoming;
    }

    private static void fail(ManagerEntry manager, HttpServletRequest request, HttpServletResponse response,
            AuthResult result) throws IOException {
        AnswerTrackingResponse tracked = new AnswerTrackingResponse(response);
        try {
            manager.manager().onAuthenticationFailure(request, tracked, result);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // The manager could not answer (its bundle may be stopping): answer as the API's default does.
            LOG.warn("AuthManager {} failed to answer an authentication failure: {}", manager, e.toString());
        }
        if (!tracked.answered() && !response.isCommitted()) {
            // A manager that answered nothing must not let the request end as an empty 200.
            response.reset();
            challenge(response);
        }
    }

    /** The API's default failure answer, for when the manager cannot give its own. */
    private static void challenge(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + AuthManager.DEFAULT_REALM + "\", charset=\"UTF-8\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
