package io.github.fpauth.core.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.junit.Before;
import org.junit.Test;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.core.manager.ManagerEntries;
import io.github.fpauth.core.manager.ManagerEntry;
import io.github.fpauth.core.manager.RegistryFixture;
import io.github.fpauth.core.manager.RequestManager;

/** What servlets behind fpauth read from the request: the resolution, and nothing they can overwrite. */
public class AuthenticatedRequestTest {

    private static final AuthUser ALICE = AuthUser.builder("alice").roles(java.util.Set.of("user")).build();

    private final Map<String, Object> below = new HashMap<>();
    private HttpServletRequest request;
    private ManagerEntry manager;

    @Before
    public void setUp() {
        request = mock(HttpServletRequest.class);
        when(request.getAttribute(anyString())).thenAnswer(i -> below.get(i.getArgument(0, String.class)));
        when(request.getAttributeNames()).thenAnswer(i -> Collections.enumeration(below.keySet()));
        doAnswer(i -> below.put(i.getArgument(0), i.getArgument(1))).when(request).setAttribute(anyString(), any());
        AuthManager auth = new AuthManager() {
            @Override
            public String name() {
                return "m1";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest req) {
                return AuthResult.noCredentials();
            }
        };
        manager = ManagerEntries.of(auth);
    }

    private AuthenticatedRequest resolved(ManagerEntry entry, AuthResult result) {
        return new AuthenticatedRequest(request, new RegistryFixture("", false).registry().snapshot(), entry, result);
    }

    @Test
    public void currentUserReadsTheResolutionWithoutAnyAttributeWrittenBelow() {
        AuthResult result = AuthResult.authenticated(ALICE);
        AuthenticatedRequest wrapped = resolved(manager, result);

        assertSame(ALICE, CurrentUser.get(wrapped));
        assertEquals("m1", CurrentUser.managerName(wrapped).orElseThrow());
        assertSame(manager, RequestManager.of(wrapped));
        assertEquals("alice", wrapped.getRemoteUser());
        assertTrue(below.isEmpty());
        verify(request, never()).setAttribute(anyString(), any());
    }

    @Test
    public void withoutAManagerTheRequestIsAnonymousAndAuthenticationIsOff() {
        AuthenticatedRequest wrapped = resolved(null, AuthResult.noCredentials());

        assertSame(AuthUser.ANONYMOUS, CurrentUser.get(wrapped));
        assertFalse(CurrentUser.isAuthEnabled(wrapped));
        assertNull(RequestManager.of(wrapped));
        assertNull(wrapped.getRemoteUser());
    }

    @Test
    public void codeBehindFpauthCannotClaimAnotherUserThroughTheAttributes() {
        AuthenticatedRequest wrapped = resolved(null, AuthResult.noCredentials());

        wrapped.setAttribute(CurrentUser.RESULT_ATTRIBUTE, AuthResult.authenticated(ALICE));
        wrapped.setAttribute(CurrentUser.MANAGER_ATTRIBUTE, "m1");
        wrapped.setAttribute(RequestManager.ATTRIBUTE, manager);

        assertSame(AuthUser.ANONYMOUS, CurrentUser.get(wrapped));
        assertFalse(CurrentUser.isAuthEnabled(wrapped));
        assertNull(RequestManager.of(wrapped));
        assertTrue(below.isEmpty());
    }

    @Test
    public void attributesSetBelowFpauthAreShadowedByTheResolution() {
        below.put(CurrentUser.RESULT_ATTRIBUTE, AuthResult.authenticated(ALICE));
        below.put(CurrentUser.MANAGER_ATTRIBUTE, "forged");
        AuthenticatedRequest wrapped = resolved(null, AuthResult.noCredentials());

        assertSame(AuthUser.ANONYMOUS, CurrentUser.get(wrapped));
        assertFalse(CurrentUser.isAuthEnabled(wrapped));
    }

    @Test
    public void otherAttributesPassThroughAndTheNamesListOursOnce() {
        AuthenticatedRequest wrapped = resolved(manager, AuthResult.authenticated(ALICE));
        wrapped.setAttribute("app.attribute", "x");
        below.put(CurrentUser.RESULT_ATTRIBUTE, "stale");

        assertEquals("x", wrapped.getAttribute("app.attribute"));
        java.util.List<String> names = Collections.list(wrapped.getAttributeNames());
        assertEquals(1, Collections.frequency(names, CurrentUser.RESULT_ATTRIBUTE));
        assertTrue(names.contains(CurrentUser.MANAGER_ATTRIBUTE));
        assertTrue(names.contains("app.attribute"));
    }
}
