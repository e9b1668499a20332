package io.github.fpauth.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.Test;

public class AuthUserTest {

    @Test
    public void anonymousIsNotAuthenticatedAndHoldsNoRole() {
        assertFalse(AuthUser.ANONYMOUS.isAuthenticated());
        assertFalse(AuthUser.ANONYMOUS.isAdmin());
        assertTrue(AuthUser.ANONYMOUS.roles().isEmpty());
        assertEquals("Anonymous", AuthUser.ANONYMOUS.displayName());
    }

    @Test
    public void isAdminExactlyWhenHoldingFpAdmin() {
        assertTrue(AuthUser.of("root", Roles.ADMIN).isAdmin());
        assertFalse(AuthUser.of("bob", "user", "fp_admins").isAdmin());
    }

    @Test
    public void displayNameFallsBackToTheLoginName() {
        assertEquals("alice", AuthUser.of("alice").displayName());
        assertEquals("Alice A.", AuthUser.builder("alice").displayName("Alice A.").build().displayName());
    }

    @Test
    public void rolesAreSortedAndUnmodifiable() {
        AuthUser user = AuthUser.builder("alice").roles(List.of("b", "a")).build();
        assertEquals(List.of("a", "b"), List.copyOf(user.roles()));
        assertThrows(UnsupportedOperationException.class, () -> user.roles().add("c"));
    }

    @Test
    public void namesAndRolesMustBeText() {
        assertThrows(IllegalArgumentException.class, () -> AuthUser.of(" "));
        assertThrows(IllegalArgumentException.class, () -> AuthUser.of("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> AuthUser.of("alice", ""));
    }

    @Test
    public void profilePictureIsOptional() {
        assertFalse(AuthUser.of("alice").profilePicture().isPresent());
        assertEquals("/a.png", AuthUser.builder("alice").profilePicture("/a.png").build().profilePicture().get());
    }

    @Test
    public void authenticatedResultScopesDefaultToRoles() {
        AuthResult result = AuthResult.authenticated(AuthUser.of("alice", "x", "y"));
        assertTrue(result.isAuthenticated());
        assertEquals(Set.of("x", "y"), result.scopes());
    }

    @Test
    public void anonymousCannotBeAuthenticated() {
        assertThrows(IllegalArgumentException.class, () -> AuthResult.authenticated(AuthUser.ANONYMOUS));
    }

    @Test
    public void failedAndMissingCredentialsAreAnonymous() {
        assertEquals(AuthUser.ANONYMOUS, AuthResult.failed("bad").user());
        assertEquals(AuthUser.ANONYMOUS, AuthResult.noCredentials().user());
        assertEquals("bad", AuthResult.failed("bad").failureReason().get());
    }
}
