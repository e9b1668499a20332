package io.github.fpauth.user.web.form;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.token.TokensDisabledException;

/**
 * Runs a form action and turns every refusal into a page with a clear message: refused input
 * 400, a store that cannot be written 503, access tokens disabled (an unreadable token store) 503
 * saying so, password hashing over its share of CPU time 503 with {@code Retry-After}, anything
 * unexpected (e.g. a malformed body the
 * container refuses to decode) 400 and a log line. Never a 500 with a stack trace.
 */
public final class FormErrors {

    private static final Logger LOG = LoggerFactory.getLogger(FormErrors.class);

    /** A form action. */
    @FunctionalInterface
    public interface Action {
        void run() throws IOException;
    }

    private FormErrors() {
    }

    public static void handle(PageLayout layout, HttpServletRequest request, HttpServletResponse response,
            String title, String backHref, Action action) throws IOException {
        int status;
        String message;
        try {
            action.run();
            return;
        } catch (IllegalArgumentException e) {
            status = HttpServletResponse.SC_BAD_REQUEST;
            message = e.getMessage();
            LOG.info("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                    message);
        } catch (TokensDisabledException e) {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            message = capitalized(e.getMessage()) + ".";
            // The cause was logged once, at ERROR, when the bundle started.
            LOG.debug("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        } catch (UserStoreException e) {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            message = "The change could not be saved; nothing was changed. Try again later.";
            LOG.error("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        } catch (HashingBusyException e) {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            message = e.getMessage() + " Nothing was changed.";
            LOG.info("Refused {} {} from {}: password hashing is busy", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr());
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        } catch (RuntimeException e) {
            status = HttpServletResponse.SC_BAD_REQUEST;
            message = "The request could not be understood.";
            LOG.warn("Refused {} {} from {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), e);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        layout.render(request, response, title, "<p class=\"error\" id=\"error\" role=\"alert\">"
                + PageLayout.escape(message) + "</p><p><a href=\"" + PageLayout.escape(backHref) + "\">Back</a></p>");
    }

    private static String capitalized(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
