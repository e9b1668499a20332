package io.github.fpauth.core.web;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.ui.MenuEntry;
import io.github.fpauth.core.manager.ManagerEntries;
import io.github.fpauth.core.manager.RequestManager;

public class CommonPageLayoutTest {

    private final Map<String, Object> attributes = new HashMap<>();

    private String render(AuthManager manager, AuthResult result) throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.getArgument(0, String.class)));
        attributes.put(CurrentUser.RESULT_ATTRIBUTE, result);
        if (manager != null) {
            attributes.put(CurrentUser.MANAGER_ATTRIBUTE, manager.name());
            attributes.put(RequestManager.class.getName(), ManagerEntries.of(manager));
        }
        HttpServletResponse response = mock(HttpServletResponse.class);
        StringWriter out = new StringWriter();
        when(response.getWriter()).thenReturn(new PrintWriter(out));
        new CommonPageLayout(new AdminMenu()).render(request, response, "T<i>", "<p>body</p>");
        return out.toString();
    }

    private static AuthManager manager(Optional<String> login, List<MenuEntry> menu) {
        return new AuthManager() {
            @Override
            public String name() {
                return "m";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                return AuthResult.noCredentials();
            }

            @Override
            public Optional<String> loginPath(HttpServletRequest request) {
                return login;
            }

            @Override
            public List<MenuEntry> userMenuEntries(HttpServletRequest request) {
                return menu;
            }
        };
    }

    @Test
    public void withoutAManagerTheBarSaysAuthenticationIsOffAndOffersNoLogin() throws Exception {
        String page = render(null, AuthResult.noCredentials());
        assertTrue(page.contains("Authentication is off"));
        assertFalse(page.contains("login-link"));
        assertTrue("the title is escaped", page.contains("<h1>T&lt;i&gt;</h1>"));
        assertTrue(page.contains("<p>body</p>"));
    }

    @Test
    public void anonymousUsersGetTheManagersLoginLink() throws Exception {
        String page = render(manager(Optional.of("/login"), List.of()), AuthResult.noCredentials());
        assertTrue(page.contains("<a id=\"login-link\" href=\"/login\">Log in</a>"));
        assertFalse(page.contains("admin-section"));
    }

    @Test
    public void aLoginPathThatIsNotSameOriginIsNotLinked() throws Exception {
        String page = render(manager(Optional.of("//evil.example/login"), List.of()), AuthResult.noCredentials());
        assertFalse(page.contains("evil"));
    }

    @Test
    public void signedInUsersSeeTheirNameInitialsAndTheManagersMenu() throws Exception {
        AuthUser ada = AuthUser.builder("ada").displayName("Ada <Lovelace>").build();
        String page = render(manager(Optional.of("/login"), List.of(MenuEntry.link("Profile", "/profile"),
                MenuEntry.postButton("Log out", "/logout", Map.of("csrf", "t\"k")))), AuthResult.authenticated(ada));
        assertTrue(page.contains("Ada &lt;Lovelace&gt;"));
        assertTrue("initials as avatar, escaped", page.contains("id=\"avatar\">A&lt;</span>"));
        assertTrue(page.contains("<a href=\"/profile\">Profile</a>"));
        assertTrue(page.contains("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" "
                + "value=\"t&quot;k\"><button type=\"submit\">Log out</button></form>"));
        assertFalse("not an admin", page.contains("admin-section"));
        assertFalse(page.contains("login-link"));
    }

    @Test
    public void adminsSeeTheAdminSection() throws Exception {
        String page = render(manager(Optional.empty(), List.of()),
                AuthResult.authenticated(AuthUser.of("root", "fp_admin")));
        assertTrue(page.contains("id=\"admin-section\""));
    }

    @Test
    public void aFailingManagerContributesNothingButThePageRenders() throws Exception {
        AuthManager broken = new AuthManager() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                return AuthResult.noCredentials();
            }

            @Override
            public List<MenuEntry> userMenuEntries(HttpServletRequest request) {
                throw new IllegalStateException("stopping");
            }
        };
        String page = render(broken, AuthResult.authenticated(AuthUser.of("bob")));
        assertTrue(page.contains("<p>body</p>"));
        assertTrue(page.contains("id=\"user-menu\"></div>"));
    }

    @Test
    public void initialsComeFromUpToTwoWords() {
        assertEquals("AL", CommonPageLayout.initials("ada lovelace byron"));
        assertEquals("B", CommonPageLayout.initials("bob"));
        assertEquals("?", CommonPageLayout.initials("  "));
    }

    @Test
    public void onlyWebOrSameOriginPicturesAreShown() {
        assertTrue(CommonPageLayout.isSafeImageUrl("https://example.org/a.png"));
        assertTrue(CommonPageLayout.isSafeImageUrl("/avatars/a.png"));
        assertFalse(CommonPageLayout.isSafeImageUrl("javascript:alert(1)"));
        assertFalse(CommonPageLayout.isSafeImageUrl("//evil.example/a.png"));
        assertFalse(CommonPageLayout.isSafeImageUrl("data:image/svg+xml,<svg/>"));
    }
}
