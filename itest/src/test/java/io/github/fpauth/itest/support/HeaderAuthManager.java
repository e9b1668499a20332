package io.github.fpauth.itest.support;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;

/**
 * A stand-in manager for tests: whoever sends {@code X-Test-User: name} is authenticated as
 * {@code name}, with the comma-separated roles of {@code X-Test-Roles}, and with the scopes of
 * {@code X-Test-Scopes} when that header is sent (else its roles). Obviously never for production.
 * It counts its {@link #authenticate} calls, and can answer failures with a redirect to a login
 * page instead of the default 401.
 */
public final class HeaderAuthManager implements AuthManager {

    public static final String USER_HEADER = "X-Test-User";
    public static final String ROLES_HEADER = "X-Test-Roles";
    public static final String SCOPES_HEADER = "X-Test-Scopes";

    private final String name;
    private final String loginPage;
    private final AtomicInteger authenticateCalls = new AtomicInteger();

    /** Answers authentication failures with the default 401. */
    public HeaderAuthManager(String name) {
        this(name, null);
    }

    /** Answers authentication failures with a 302 to {@code loginPage} when it is not {@code null}. */
    public HeaderAuthManager(String name, String loginPage) {
        this.name = name;
        this.loginPage = loginPage;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AuthResult authenticate(HttpServletRequest request) {
        authenticateCalls.incrementAndGet();
        String user = request.getHeader(USER_HEADER);
        if (user == null || user.isBlank()) {
            return AuthResult.noCredentials();
        }
        Set<String> roles = list(request.getHeader(ROLES_HEADER));
        AuthUser authUser = AuthUser.builder(user.trim()).roles(roles).build();
        String scopes = request.getHeader(SCOPES_HEADER);
        return scopes == null ? AuthResult.authenticated(authUser) : AuthResult.authenticated(authUser, list(scopes));
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthResult result)
            throws IOException {
        if (loginPage == null) {
            AuthManager.super.onAuthenticationFailure(request, response, result);
        } else {
            response.sendRedirect(loginPage);
        }
    }

    /** How many times {@link #authenticate} ran since the last {@link #resetCalls()}. */
    public int authenticateCalls() {
        return authenticateCalls.get();
    }

    public void resetCalls() {
        authenticateCalls.set(0);
    }

    private static Set<String> list(String commaSeparated) {
        Set<String> values = new TreeSet<>();
        if (commaSeparated != null) {
            Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(values::add);
        }
        return values;
    }
}
