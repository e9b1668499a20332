package io.github.fpauth.webconsole;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.junit.Before;
import org.junit.Test;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthStatus;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.Roles;

public class ConsoleSecurityProviderTest {

    private static final AuthUser ADMIN = AuthUser.of("root", Roles.ADMIN);
    private static final AuthUser BOB = AuthUser.of("bob", "user");

    private final AuthStatus status = mock(AuthStatus.class);
    private final AuthManager manager = mock(AuthManager.class);
    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final StringWriter body = new StringWriter();
    private ConsoleSecurityProvider provider;

    @Before
    public void setUp() throws Exception {
        when(manager.name()).thenReturn("m1");
        when(status.activeManager()).thenReturn(Optional.of("m1"));
        when(response.getWriter()).thenReturn(new PrintWriter(body));
        provider = new ConsoleSecurityProvider(status);
        provider.addManager(manager);
    }

    @Test
    public void anAdminOfTheActiveManagerIsLetIn() {
        when(manager.authenticate(request)).thenReturn(AuthResult.authenticated(ADMIN));

        assertTrue(provider.authenticate(request, response));
        verify(request).setAttribute(WebConsoleSecurityProvider2.USER_ATTRIBUTE, ADMIN);
        assertTrue(provider.authorize(ADMIN, "any console role"));
    }

    @Test
    public void anUnauthenticatedRequestGetsTheManagersChallenge() throws Exception {
        AuthResult noCredentials = AuthResult.noCredentials();
        when(manager.authenticate(request)).thenReturn(noCredentials);

        assertFalse(provider.authenticate(request, response));
        verify(manager).onAuthenticationFailure(request, response, noCredentials);
        verify(request, never()).setAttribute(eq(WebConsoleSecurityProvider2.USER_ATTRIBUTE), any());
    }

    @Test
    public void aFailingChallengeStillAnswers401() throws Exception {
        when(manager.authenticate(request)).thenReturn(AuthResult.failed("wrong password"));
        doThrow(new IllegalStateException("boom")).when(manager).onAuthenticationFailure(any(), any(), any());

        assertFalse(provider.authenticate(request, response));
        verify(response).setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }

    @Test
    public void aUserWithoutFpAdminIsForbidden() {
        when(manager.authenticate(request)).thenReturn(AuthResult.authenticated(BOB));

        assertFalse(provider.authenticate(request, response));
        verify(response).setStatus(HttpServletResponse.SC_FORBIDDEN);
        assertFalse(provider.authorize(BOB, "any console role"));
    }

    @Test
    public void anAdminWhoseRequestLacksTheAdminScopeIsForbidden() {
        when(manager.authenticate(request)).thenReturn(AuthResult.authenticated(ADMIN, Set.of("read")));

        assertFalse(provider.authenticate(request, response));
        verify(response).setStatus(HttpServletResponse.SC_FORBIDDEN);
    }

    @Test
    public void noActiveManagerFailsClosedWith503() {
        when(status.activeManager()).thenReturn(Optional.empty());

        assertFalse(provider.authenticate(request, response));
        verify(response).setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        verify(manager, never()).authenticate(any());
    }

    @Test
    public void anActiveManagerNotYetSeenByTheProviderFailsClosed() {
        when(status.activeManager()).thenReturn(Optional.of("other"));

        assertFalse(provider.authenticate(request, response));
        verify(response).setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    @Test
    public void aRemovedManagerIsNoLongerAsked() {
        provider.removeManager(manager);

        assertFalse(provider.authenticate(request, response));
        verify(response).setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        verify(manager, never()).authenticate(any());
    }

    @Test
    public void aManagerThatThrowsIsTreatedAsAFailedLogin() throws Exception {
        when(manager.authenticate(request)).thenThrow(new IllegalStateException("store unreadable"));

        assertFalse(provider.authenticate(request, response));
        verify(manager).onAuthenticationFailure(eq(request), eq(response), any(AuthResult.class));
    }

    @Test
    public void aRequestAlreadyResolvedByTheCoreIsNotAuthenticatedAgain() {
        when(request.getAttribute(CurrentUser.MANAGER_ATTRIBUTE)).thenReturn("m1");
        when(request.getAttribute(CurrentUser.RESULT_ATTRIBUTE)).thenReturn(AuthResult.authenticated(ADMIN));

        assertTrue(provider.authenticate(request, response));
        verify(manager, never()).authenticate(any());
    }

    @Test
    public void aResultFromAnotherManagerIsNotReused() {
        when(request.getAttribute(CurrentUser.MANAGER_ATTRIBUTE)).thenReturn("previous");
        when(request.getAttribute(CurrentUser.RESULT_ATTRIBUTE)).thenReturn(AuthResult.authenticated(ADMIN));
        when(manager.authenticate(request)).thenReturn(AuthResult.authenticated(BOB));

        assertFalse(provider.authenticate(request, response));
        verify(response).setStatus(HttpServletResponse.SC_FORBIDDEN);
    }

    @Test
    public void bareUserNameAndPasswordNeverAuthenticate() {
        assertNull(provider.authenticate("admin", "admin"));
        assertFalse(provider.authorize("admin", "any console role"));
        assertFalse(provider.authorize(null, "any console role"));
    }

    @Test
    public void aCommittedResponseIsLeftAlone() {
        when(status.activeManager()).thenReturn(Optional.empty());
        when(response.isCommitted()).thenReturn(true);

        assertFalse(provider.authenticate(request, response));
        verify(response, never()).setStatus(anyInt());
        assertEquals("", body.toString());
    }
}
