package io.github.fpauth.core.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Before;
import org.junit.Test;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.core.firewall.Firewalls;
import io.github.fpauth.core.manager.AuthManagerRegistry;
import io.github.fpauth.core.manager.RegistryFixture;

/** The guard's decisions, one request at a time, against a real registry. */
public class RequirementFilterTest {

    private RegistryFixture fixture;
    private AuthManagerRegistry registry;
    private HttpServletRequest request;
    private HttpServletResponse response;
    private final AtomicReference<ServletRequest> passed = new AtomicReference<>();
    private final FilterChain chain = (req, res) -> passed.set(req);

    @Before
    public void setUp() {
        fixture = new RegistryFixture("", false);
        registry = fixture.registry();
        Map<String, Object> attributes = new HashMap<>();
        request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn("GET");
        when(request.getRequestURI()).thenReturn("/secret");
        when(request.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.getArgument(0, String.class)));
        doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(request).setAttribute(anyString(), any());
        doAnswer(i -> attributes.remove(i.getArgument(0))).when(request).removeAttribute(anyString());
        response = mock(HttpServletResponse.class);
    }

    private void register(AuthManager manager, long id) {
        fixture.bind(manager, id);
    }

    private static AuthManager manager(String name, AuthResult result) {
        return answering(name, req -> result);
    }

    /** A manager that answers each request as {@code answer} says (and may record it). */
    private static AuthManager answering(String name, Function<HttpServletRequest, AuthResult> answer) {
        return new AuthManager() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AuthResult authenticate(HttpServletRequest req) {
                return answer.apply(req);
            }
        };
    }

    private RequirementFilter guard(Requirement requirement) {
        return new RequirementFilter(requirement, new RequestAuthenticator(registry));
    }

    @Test
    public void withoutAManagerEveryRouteIsOpenAndTheUserIsAnonymous() throws Exception {
        guard(Requirement.roles(Set.of("fp_admin"))).doFilter(request, response, chain);
        HttpServletRequest seen = (HttpServletRequest) passed.get();
        assertEquals(AuthUser.ANONYMOUS, CurrentUser.get(seen));
        assertNull(seen.getRemoteUser());
        assertFalse(CurrentUser.isAuthEnabled(seen));
    }

    @Test
    public void strictModeAnswers503WithoutAManager() throws Exception {
        fixture.configure("", true);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).sendError(503, "Authentication is not available");
    }

    @Test
    public void anUnauthenticatedRequestGetsTheManagersFailureAnswer() throws Exception {
        register(manager("m", AuthResult.noCredentials()), 1);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).setHeader("WWW-Authenticate", "Basic realm=\"fpauth\", charset=\"UTF-8\"");
        verify(response).sendError(401);
    }

    @Test
    public void anAuthenticatedUserWithoutTheRoleGets403() throws Exception {
        register(manager("m", AuthResult.authenticated(AuthUser.of("bob", "user"))), 1);
        guard(Requirement.roles(Set.of("fp_admin"))).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).sendError(403);
    }

    @Test
    public void anAuthorizedRequestPassesAndTheServletApiAgrees() throws Exception {
        register(manager("m", AuthResult.authenticated(AuthUser.of("root", "fp_admin"))), 1);
        guard(Requirement.roles(Set.of("fp_admin"))).doFilter(request, response, chain);
        HttpServletRequest seen = (HttpServletRequest) passed.get();
        assertEquals("root", seen.getRemoteUser());
        assertEquals("root", seen.getUserPrincipal().getName());
        assertTrue(seen.isUserInRole("fp_admin"));
        assertEquals("m", CurrentUser.managerName(seen).get());
        verify(response).setHeader("Cache-Control", "private, no-store");
    }

    @Test
    public void aManagerIsAskedOncePerRequestHoweverManyGuardsApply() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        register(answering("counting", req -> {
            calls.incrementAndGet();
            return AuthResult.authenticated(AuthUser.of("root", "fp_admin"));
        }), 1);
        RequestAuthenticator authenticator = new RequestAuthenticator(registry);
        FilterChain second = (req, res) -> new RequirementFilter(Requirement.authenticated(), authenticator)
                .doFilter(req, res, chain);
        new RequirementFilter(Requirement.authenticated(), authenticator).doFilter(request, response, second);
        assertEquals(1, calls.get());
        assertTrue(passed.get() != null);
    }

    @Test
    public void aThrowingManagerNeverGrantsAccess() throws Exception {
        register(new AuthManager() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest req) {
                throw new IllegalStateException("database down");
            }
        }, 1);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).sendError(401);
    }

    @Test
    public void aManagerThrowingAnErrorNeverGrantsAccessAndPublicRoutesStayAnonymous() throws Exception {
        register(new AuthManager() {
            @Override
            public String name() {
                return "refreshed";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest req) {
                throw new NoClassDefFoundError("gone/Backend");
            }
        }, 1);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).sendError(401);
        RequestAuthenticator authenticator = new RequestAuthenticator(registry);
        assertFalse(authenticator.resolve(request).result().isAuthenticated());
    }

    @Test
    public void aManagerReturningNullNeverGrantsAccess() throws Exception {
        register(manager("null", null), 1);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).sendError(401);
    }

    @Test
    public void aManagerThatFailsWhileGoingAwayLeavesTheRequestToTheNextOne() throws Exception {
        register(new AuthManager() {
            @Override
            public String name() {
                return "leaving";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest req) {
                fixture.unbind(this, 1); // its bundle stops while it works
                throw new IllegalStateException("store closed");
            }
        }, 1);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        HttpServletRequest seen = (HttpServletRequest) passed.get();
        assertFalse("the request continues with no manager, anonymous", CurrentUser.isAuthEnabled(seen));
        verify(response, never()).sendError(500);
    }

    @Test
    public void aFailureAnswerThatAnswersNothingBecomes401() throws Exception {
        register(new AuthManager() {
            @Override
            public String name() {
                return "silent";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest req) {
                return AuthResult.noCredentials();
            }

            @Override
            public void onAuthenticationFailure(HttpServletRequest req, HttpServletResponse res, AuthResult r) {
                res.setStatus(200);
            }
        }, 1);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).sendError(401);
    }

    @Test
    public void aManagerThatHangsPastTheTimeoutNeverGrantsAccess() throws Exception {
        fixture.configure("", false, 20);
        register(new AuthManager() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest req) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return AuthResult.authenticated(AuthUser.of("root", "fp_admin"));
            }
        }, 1);
        guard(Requirement.authenticated()).doFilter(request, response, chain);
        assertNull(passed.get());
        verify(response).sendError(401);
    }

    @Test
    public void aRequestAuthenticatedByAManagerThatWentAwayIsNotAuthenticatedByItAnyMore() throws Exception {
        AuthManager leaving = manager("leaving", AuthResult.authenticated(AuthUser.of("root", "fp_admin")));
        register(leaving, 1);
        RequestAuthenticator authenticator = new RequestAuthenticator(registry);
        FilterChain unregisterThenGuard = (req, res) -> {
            fixture.unbind(leaving, 1); // the bundle stops between resolution and the guard
            new RequirementFilter(Requirement.authenticated(), authenticator).doFilter(req, res, chain);
        };
        new CurrentUserPreprocessor(registry, Firewalls.defaults()).doFilter(request, response, unregisterThenGuard);
        HttpServletRequest seen = (HttpServletRequest) passed.get();
        assertFalse("no manager now: the request goes on, anonymous", CurrentUser.get(seen).isAuthenticated());
        assertFalse(CurrentUser.isAuthEnabled(seen));
        assertNull(seen.getRemoteUser());
    }

    @Test
    public void aRequestWhoseManagerWasReplacedIsJudgedByTheNewOne() throws Exception {
        AuthManager leaving = manager("leaving", AuthResult.authenticated(AuthUser.of("root", "fp_admin")));
        register(leaving, 1);
        RequestAuthenticator authenticator = new RequestAuthenticator(registry);
        FilterChain swapThenGuard = (req, res) -> {
            fixture.unbind(leaving, 1);
            fixture.bind(manager("strict", AuthResult.noCredentials()), 2);
            new RequirementFilter(Requirement.authenticated(), authenticator).doFilter(req, res, chain);
        };
        new CurrentUserPreprocessor(registry, Firewalls.defaults()).doFilter(request, response, swapThenGuard);
        assertNull(passed.get());
        verify(response).sendError(401);
    }

    @Test
    public void aRequestTheFirewallRefusesNeverReachesTheManager() throws Exception {
        AtomicReference<HttpServletRequest> asked = new AtomicReference<>();
        register(answering("m", req -> {
            asked.set(req);
            return AuthResult.noCredentials();
        }), 1);
        when(request.getRequestURI()).thenReturn("/admin/..;/secret");
        when(response.getWriter()).thenReturn(new java.io.PrintWriter(new java.io.StringWriter()));
        new CurrentUserPreprocessor(registry, Firewalls.defaults()).doFilter(request, response, chain);
        assertNull(passed.get());
        assertNull(asked.get());
        verify(response).setStatus(400);
    }
}
