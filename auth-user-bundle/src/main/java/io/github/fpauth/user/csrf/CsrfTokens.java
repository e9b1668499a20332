package io.github.fpauth.user.csrf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.Session;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionSecrets;

/**
 * CSRF protection for every state-changing form of auth-user (a service private to this bundle).
 *
 * <ul>
 * <li>A request authenticated by a session: the session's synchronizer token, random, stored
 * with the session.</li>
 * <li>Any other request (the anonymous login form, a user authenticated by HTTP Basic): a signed
 * double-submit token. The cookie {@value #COOKIE} holds a random nonce, the form holds
 * HMAC-SHA256(key, nonce) under a key that lives as long as this component; a site that can
 * plant cookies still cannot forge the form value. Forms rendered before a restart must be
 * reloaded.</li>
 * </ul>
 * Tokens are compared in constant time. Usage in a servlet:
 *
 * <pre>
 * // GET, before writing the body:
 * body.append("&lt;form method=post&gt;").append(csrf.hiddenField(request, response)) ...
 * // POST, first thing:
 * if (!csrf.verify(request, response)) { return; } // answered 403
 * </pre>
 */
@Component(service = CsrfTokens.class)
public final class CsrfTokens {

    /** The form field carrying the token. */
    public static final String FIELD = "csrf";
    /** The request header that may carry the token instead (scripts). */
    public static final String HEADER = "X-CSRF-Token";
    /** The cookie of the double-submit nonce. */
    public static final String COOKIE = "FPAUTH_CSRF";

    private static final Logger LOG = LoggerFactory.getLogger(CsrfTokens.class);
    private static final String HMAC = "HmacSHA256";
    private static final String NONCE_ATTRIBUTE = CsrfTokens.class.getName() + ".nonce";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SessionSecrets secrets;
    private final Mac prototype;
    private final Cookies cookies;
    private final SessionAuthenticator sessions;

    @Activate
    public CsrfTokens(@Reference Cookies cookies, @Reference SessionAuthenticator sessions) {
        this(new SecureRandom(), cookies, sessions);
    }

    public CsrfTokens(SecureRandom random, Cookies cookies, SessionAuthenticator sessions) {
        this.secrets = new SessionSecrets(random);
        this.cookies = cookies;
        this.sessions = sessions;
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            prototype = Mac.getInstance(HMAC);
            prototype.init(new SecretKeySpec(key, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    }

    /**
     * The token for this request's forms. Without a session it may set the nonce cookie, so call
     * it before the response is committed.
     */
    public String token(HttpServletRequest request, HttpServletResponse response) {
        Optional<Session> session = sessions.current(request);
        if (session.isPresent()) {
            return session.get().csrfToken();
        }
        String nonce = (String) request.getAttribute(NONCE_ATTRIBUTE);
        if (nonce == null) {
            nonce = cookieNonce(request);
        }
        if (nonce == null) {
            nonce = secrets.newToken();
            cookies.set(request, response, COOKIE, nonce, -1);
        }
        request.setAttribute(NONCE_ATTRIBUTE, nonce);
        return sign(nonce);
    }

    /** A hidden form field with the token, ready to put inside a {@code <form method="post">}. */
    public String hiddenField(HttpServletRequest request, HttpServletResponse response) {
        return "<input type=\"hidden\" name=\"" + FIELD + "\" value=\"" + PageLayout.escape(token(request, response))
                + "\">";
    }

    /** Whether the request carries the right token (form field {@value #FIELD} or header {@value #HEADER}). */
    public boolean isValid(HttpServletRequest request) {
        String submitted = request.getHeader(HEADER);
        if (submitted == null) {
            submitted = request.getParameter(FIELD);
        }
        if (submitted == null || submitted.isEmpty() || submitted.length() > 100) {
            return false;
        }
        String expected;
        Optional<Session> session = sessions.current(request);
        if (session.isPresent()) {
            expected = session.get().csrfToken();
        } else {
            String nonce = cookieNonce(request);
            if (nonce == null) {
                return false;
            }
            expected = sign(nonce);
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks the token of a state-changing request; when it is missing or wrong, answers 403 and
     * returns {@code false} (the caller stops there).
     */
    public boolean verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isValid(request)) {
            return true;
        }
        LOG.info("Refused {} {} from {}: missing or wrong CSRF token", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr());
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "Missing or invalid CSRF token; reload the form");
        return false;
    }

    private static String cookieNonce(HttpServletRequest request) {
        for (String value : Cookies.values(request, COOKIE)) {
            if (SessionSecrets.isWellFormed(value)) {
                return value;
            }
        }
        return null;
    }

    private String sign(String nonce) {
        try {
            Mac mac = (Mac) prototype.clone();
            return ENCODER.encodeToString(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(HMAC + " cannot be cloned in this JDK", e);
        }
    }
}
