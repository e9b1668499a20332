package io.github.fpauth.api;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an {@link AuthManager} made of a request: an authenticated user with its scopes, no
 * credentials at all, or credentials that were presented and rejected.
 *
 * <p>Role requirements are checked against the {@linkplain #scopes() scopes} (FastPluggy checks
 * {@code request.auth.scopes}); by default they are the user's roles, a manager may narrow them,
 * e.g. for a token that carries fewer rights than its owner.
 */
public final class AuthResult {

    /** The three outcomes of {@link AuthManager#authenticate}. */
    public enum Status {
        /** The request proved who it comes from. */
        AUTHENTICATED,
        /** The request carried nothing this manager understands: it is anonymous. */
        NO_CREDENTIALS,
        /** The request carried credentials and they were rejected: it is anonymous. */
        FAILED
    }

    private static final AuthResult NO_CREDENTIALS = new AuthResult(Status.NO_CREDENTIALS, AuthUser.ANONYMOUS,
            Set.of(), null);

    private final Status status;
    private final AuthUser user;
    private final Set<String> scopes;
    private final String failureReason;

    private AuthResult(Status status, AuthUser user, Set<String> scopes, String failureReason) {
        this.status = status;
        this.user = user;
        this.scopes = scopes;
        this.failureReason = failureReason;
    }

    /** The user is authenticated; its scopes are its roles. */
    public static AuthResult authenticated(AuthUser user) {
        return authenticated(user, user.roles());
    }

    /** The user is authenticated with the given scopes. */
    public static AuthResult authenticated(AuthUser user, Set<String> scopes) {
        Objects.requireNonNull(user, "user");
        if (!user.isAuthenticated()) {
            throw new IllegalArgumentException("the anonymous user cannot be authenticated");
        }
        return new AuthResult(Status.AUTHENTICATED, user, Collections.unmodifiableSet(new TreeSet<>(scopes)), null);
    }

    /** The request carried no credentials for this manager. */
    public static AuthResult noCredentials() {
        return NO_CREDENTIALS;
    }

    /**
     * The request carried credentials that were rejected.
     *
     * @param reason a short reason for logs and for the manager's failure answer; never the
     *               credentials themselves
     */
    public static AuthResult failed(String reason) {
        return new AuthResult(Status.FAILED, AuthUser.ANONYMOUS, Set.of(),
                reason == null || reason.isBlank() ? "invalid credentials" : reason);
    }

    public Status status() {
        return status;
    }

    public boolean isAuthenticated() {
        return status == Status.AUTHENTICATED;
    }

    /** The authenticated user, else {@link AuthUser#ANONYMOUS}; never {@code null}. */
    public AuthUser user() {
        return user;
    }

    /** The scopes role requirements are checked against; empty unless authenticated. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Why credentials were rejected, for {@link Status#FAILED} only. */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    @Override
    public String toString() {
        switch (status) {
        case AUTHENTICATED:
            return "AuthResult[" + user.getName() + ", scopes=" + scopes + "]";
        case FAILED:
            return "AuthResult[failed: " + failureReason + "]";
        default:
            return "AuthResult[no credentials]";
        }
    }
}
