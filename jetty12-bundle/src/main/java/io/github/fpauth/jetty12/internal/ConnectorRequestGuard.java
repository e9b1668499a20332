package io.github.fpauth.jetty12.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.core.spi.ConnectorCheck;

/**
 * Checks a request in Jetty's connector, before any handler reads it, and marks it as checked
 * ({@link ConnectorCheck#ATTRIBUTE}) for the core's firewall.
 *
 * <p>Why here and not in the firewall: Jetty 12 (12.0.30, and 12.0.32 still) parses a cookie
 * whose name is followed by white space and a separator ({@code Cookie: JSESSIONID ;}) into a
 * cookie without a value, and its session handler, which runs before the first servlet filter,
 * fails on it with a NullPointerException: a 500 and a stack trace in the log for one header. Such a
 * cookie means nothing; the request is refused with 400.
 */
final class ConnectorRequestGuard implements HttpConfiguration.Customizer {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRequestGuard.class);
    private static final String VALUELESS_COOKIE = "a cookie without a value";

    /** Reasons already logged at WARN: each is logged once, later ones at DEBUG (no log flooding). */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        String problem = problem(request);
        if (problem != null) {
            if (reported.add(problem)) {
                LOG.warn("Connector guard refused a request ({}) from {}; further refusals for this reason are "
                        + "logged at DEBUG", problem, Request.getRemoteAddr(request));
            } else {
                LOG.debug("Connector guard refused a request ({}) from {}", problem, Request.getRemoteAddr(request));
            }
            // Jetty answers 400 with this reason: ours, never an echo of the client's input.
            throw new BadMessageException(HttpStatus.BAD_REQUEST_400, problem);
        }
        request.setAttribute(ConnectorCheck.ATTRIBUTE, Boolean.TRUE);
        return request;
    }

    private static String problem(Request request) {
        if (!request.getHeaders().contains(HttpHeader.COOKIE)) {
            return null;
        }
        // Jetty's own parse, cached for the request: the session handler reads these very cookies.
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getValue() == null) {
                return VALUELESS_COOKIE;
            }
        }
        return null;
    }
}
