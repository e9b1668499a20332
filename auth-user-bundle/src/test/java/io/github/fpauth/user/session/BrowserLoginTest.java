package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.ui.MenuEntry;
import io.github.fpauth.user.UserAuthManager;

public class BrowserLoginTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private PersistentSessionStore sessions;
    private BrowserLogin login;

    @Before
    public void setUp() {
        AliceSessions alice = new AliceSessions(temp.getRoot().toPath());
        sessions = alice.store;
        login = new BrowserLogin(new Cookies(false), alice.authenticator);
    }

    /** A request as auth_user's answers and menu get it: auth_user was its manager. */
    private static FakeHttp.Request seenByAuthUser() {
        FakeHttp.Request request = new FakeHttp.Request();
        request.attributes.put(CurrentUser.MANAGER_ATTRIBUTE, UserAuthManager.NAME);
        return request;
    }

    private static FakeHttp.Request browser(String uri, String query) {
        FakeHttp.Request request = new FakeHttp.Request().header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        request.uri = uri;
        request.query = query;
        return request;
    }

    @Test
    public void browsersAreSentToTheLoginPageWithTheWholeTargetAsNext() {
        FakeHttp.Response response = new FakeHttp.Response();

        assertTrue(login.answer(browser("/reports/a b", "x=1&y=%2F").proxy(), response.proxy()));

        assertEquals(303, response.status);
        assertEquals("/login?next=%2Freports%2Fa+b%3Fx%3D1%26y%3D%252F", response.header("Location"));
    }

    @Test
    public void apiClientsAreLeftToTheChallenge() {
        FakeHttp.Response json = new FakeHttp.Response();
        FakeHttp.Response none = new FakeHttp.Response();
        FakeHttp.Response withCredentials = new FakeHttp.Response();

        assertFalse(login.answer(new FakeHttp.Request().header("Accept", "application/json").proxy(), json.proxy()));
        assertFalse(login.answer(new FakeHttp.Request().proxy(), none.proxy()));
        assertFalse(login.answer(browser("/", null).header("Authorization", "Basic eDp5").proxy(),
                withCredentials.proxy()));
        assertNull(json.header("Location"));
        for (String jdkDefault : new String[] {"text/html, image/gif, image/jpeg, */*; q=0.2",
            "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"}) {
            assertFalse("HttpURLConnection's default Accept is not a browser's", login.answer(new FakeHttp.Request()
                    .header("Accept", jdkDefault).proxy(), new FakeHttp.Response().proxy()));
        }
        assertTrue("an explicit wish for HTML is", login.answer(new FakeHttp.Request().header("Accept", "text/html")
                .proxy(), new FakeHttp.Response().proxy()));
    }

    @Test
    public void aStaleSessionCookieIsDropped() {
        FakeHttp.Response response = new FakeHttp.Response();

        login.answer(seenByAuthUser().cookie(Cookies.SESSION, "stale").proxy(), response.proxy());

        assertTrue(response.header("Set-Cookie"), response.header("Set-Cookie").startsWith("FPAUTH_SESSION=;"));
    }

    @Test
    public void aLiveSessionCookieIsKept() {
        FakeHttp.Response response = new FakeHttp.Response();

        login.answer(seenByAuthUser().cookie(Cookies.SESSION, sessions.create("alice", false, "", "").secret()).proxy(),
                response.proxy());

        assertNull(response.header("Set-Cookie"));
    }

    @Test
    public void theMenuOffersProfileAndWithASessionALogoutPost() {
        NewSession session = sessions.create("alice", false, "", "");
        FakeHttp.Request withSession = seenByAuthUser().cookie(Cookies.SESSION, session.secret());
        FakeHttp.Request basic = seenByAuthUser().cookie(Cookies.SESSION, session.secret())
                .header("Authorization", "Basic eDp5");

        assertEquals(List.of(MenuEntry.link("Profile", "/profile"),
                MenuEntry.postButton("Log out", "/logout", Map.of("csrf", session.session().csrfToken()))),
                login.menuEntries(withSession.proxy()));
        assertEquals("HTTP Basic cannot log out", List.of(MenuEntry.link("Profile", "/profile")),
                login.menuEntries(seenByAuthUser().proxy()));
        assertEquals("even with a session cookie beside it", List.of(MenuEntry.link("Profile", "/profile")),
                login.menuEntries(basic.proxy()));
        assertEquals("/login", login.loginPath().orElseThrow());
    }
}
