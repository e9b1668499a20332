package io.github.fpauth.itest.support;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import javax.servlet.http.HttpServletRequest;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;

/**
 * A stand-in manager for tests: whoever sends {@code X-Test-User: name} is authenticated as
 * {@code name}, with the comma-separated roles of {@code X-Test-Roles}. Obviously never for
 * production.
 */
public final class HeaderAuthManager implements AuthManager {

    public static final String USER_HEADER = "X-Test-User";
    public static final String ROLES_HEADER = "X-Test-Roles";

    private final String name;

    public HeaderAuthManager(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AuthResult authenticate(HttpServletRequest request) {
        String user = request.getHeader(USER_HEADER);
        if (user == null || user.isBlank()) {
            return AuthResult.noCredentials();
        }
        String roles = request.getHeader(ROLES_HEADER);
        Set<String> roleSet = new TreeSet<>();
        if (roles != null && !roles.isBlank()) {
            Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).forEach(roleSet::add);
        }
        return AuthResult.authenticated(AuthUser.builder(user.trim()).roles(roleSet).build());
    }
}
