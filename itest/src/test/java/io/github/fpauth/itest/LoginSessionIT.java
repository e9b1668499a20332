package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.itest.support.Browser;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;

/** Browser login through auth-user's form: sessions, the session cookie, CSRF, next, logout. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoginSessionIT extends FpauthTestSupport {

    static final String SESSION = "FPAUTH_SESSION";
    static final String PASSWORD = "Login-it-pw-93";

    private static final AtomicInteger USERS = new AtomicInteger();

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void loginPageIsServed() {
        awaitActiveManager("auth_user");
        awaitStatus("/login", 200);
    }

    private Browser browser() {
        return new Browser(httpPort());
    }

    /** A fresh user with {@link #PASSWORD}, removed after the test. */
    private String newUser(String... roles) throws Exception {
        String name = "login" + USERS.incrementAndGet();
        addUser(name, PASSWORD, roles.length == 0 ? new String[] {"user"} : roles);
        return name;
    }

    /** Opens the login form (for its CSRF cookie and token) and posts it. */
    static Browser.Page login(Browser browser, String user, String password, String next, boolean remember) {
        Browser.Page form = browser.get(next == null ? "/login" : "/login?next=" + java.net.URLEncoder.encode(next,
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(form.toString(), 200, form.status());
        String token = form.csrfToken();
        assertNotNull("the login form carries a CSRF token: " + form, token);
        return browser.post("/login", "csrf", token, "username", user, "password", password,
                "next", next == null ? "" : next, "remember", remember ? "on" : "");
    }

    static Browser.Page me(Browser browser) {
        return browser.get("/api/me");
    }

    static boolean isAuthenticatedAs(Browser browser, String user) {
        Browser.Page me = me(browser);
        return me.status() == 200 && me.body().contains("\"authenticated\":true")
                && me.body().contains("\"name\":\"" + user + "\"");
    }

    static boolean isAnonymous(Browser browser) {
        Browser.Page me = me(browser);
        return me.status() == 200 && me.body().contains("\"authenticated\":false");
    }

    @Test
    public void aSuccessfulLoginStartsASessionWithASafeCookieAndRedirectsToNext() throws Exception {
        String user = newUser();
        Browser browser = browser();

        Browser.Page login = login(browser, user, PASSWORD, "/api/me?x=1", false);

        assertEquals(login.toString(), 303, login.status());
        assertEquals("/api/me?x=1", login.header("Location"));
        String cookie = login.setCookie(SESSION);
        assertNotNull("a session cookie: " + login.headers("Set-Cookie"), cookie);
        assertTrue(cookie, cookie.contains("HttpOnly"));
        assertTrue(cookie, cookie.contains("SameSite=Lax"));
        assertTrue(cookie, cookie.contains("Path=/"));
        assertFalse("plain HTTP, not configured always: " + cookie, cookie.contains("Secure"));
        assertFalse("without remember me it ends with the browser: " + cookie, cookie.contains("Max-Age"));
        assertTrue("at least 128 bits of base64url: " + cookie, browser.cookie(SESSION).matches("[A-Za-z0-9_-]{22,}"));
        assertTrue(isAuthenticatedAs(browser, user));
        assertEquals("a session opens protected pages", 200, browser.get("/").status());
    }

    @Test
    public void rememberMeKeepsTheCookieForThirtyDays() throws Exception {
        String user = newUser();
        Browser browser = browser();

        Browser.Page login = login(browser, user, PASSWORD, null, true);

        assertEquals(login.toString(), 303, login.status());
        assertEquals("/", login.header("Location"));
        String cookie = login.setCookie(SESSION);
        java.util.regex.Matcher maxAge = java.util.regex.Pattern.compile("Max-Age=(\\d+)").matcher(cookie);
        assertTrue(cookie, maxAge.find());
        long seconds = Long.parseLong(maxAge.group(1));
        assertTrue(cookie, seconds > 30L * 24 * 3600 - 60 && seconds <= 30L * 24 * 3600);
        assertTrue(isAuthenticatedAs(browser, user));
    }

    @Test
    public void aFailedLoginSaysTheSameForAWrongPasswordAndAnUnknownUser() throws Exception {
        String user = newUser();

        Browser.Page wrongPassword = login(browser(), user, PASSWORD + "-wrong", null, false);
        Browser.Page unknownUser = login(browser(), "nobody-" + user, PASSWORD, null, false);

        assertEquals(wrongPassword.toString(), 200, wrongPassword.status());
        assertEquals(unknownUser.toString(), 200, unknownUser.status());
        assertNull(wrongPassword.setCookie(SESSION));
        assertNull(unknownUser.setCookie(SESSION));
        assertTrue(wrongPassword.body(), wrongPassword.body().contains("Invalid user name or password."));
        assertEquals(errors(wrongPassword.body()), errors(unknownUser.body()));
    }

    private static String errors(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<p class=\"error\"[^>]*>([^<]*)</p>").matcher(body);
        return m.find() ? m.group(1) : null;
    }

    @Test
    public void theSessionIdChangesAtLoginAndThePreviousOneEnds() throws Exception {
        String user = newUser();
        Browser browser = browser();
        login(browser, user, PASSWORD, null, false);
        String first = browser.cookie(SESSION);

        Browser.Page again = login(browser, user, PASSWORD, null, false);

        assertEquals(again.toString(), 303, again.status());
        String second = browser.cookie(SESSION);
        assertNotEquals("a login never keeps the session id", first, second);
        assertTrue(isAuthenticatedAs(browser, user));
        assertTrue("the previous session ended", isAnonymous(browser().setCookie(SESSION, first)));
    }

    @Test
    public void aPlantedSessionCookieIsReplacedAtLogin() throws Exception {
        String user = newUser();
        Browser browser = browser().setCookie(SESSION, "planted-by-an-attacker-0123456789abcdefghijk");

        Browser.Page login = login(browser, user, PASSWORD, null, false);

        assertEquals(login.toString(), 303, login.status());
        assertNotEquals("planted-by-an-attacker-0123456789abcdefghijk", browser.cookie(SESSION));
        assertTrue(isAuthenticatedAs(browser, user));
    }

    @Test
    public void nextOnlyEverLeadsToAPathOfThisSite() throws Exception {
        String user = newUser();
        String[] hostile = {"//evil.com", "/\\evil.com", "\\\\evil.com", "https://evil.com", "http:/evil.com",
            "/%2F%2Fevil.com", "/%2fevil.com", "/%5Cevil.com", "%2F%2Fevil.com", "/%252F%252Fevil.com", "javascript:alert(1)",
            "JavaScript:alert(1)", "data:text/html,x", "evil.com", "/ok\r\nSet-Cookie: x=y", "/ok%0d%0aSet-Cookie:x=y",
            "/\tevil", " /evil", "/%09/evil.com", "", "/%zz"};
        for (String next : hostile) {
            Browser.Page login = login(browser(), user, PASSWORD, next, false);
            assertEquals("next=" + next + ": " + login, 303, login.status());
            assertEquals("next=" + next, "/", login.header("Location"));
        }
        for (String next : new String[] {"/admin", "/api/me?a=b&c=%20d", "/reports/2024/q1"}) {
            Browser.Page login = login(browser(), user, PASSWORD, next, false);
            assertEquals("next=" + next, next, login.header("Location"));
        }
    }

    @Test
    public void logoutEndsTheSessionOnTheServer() throws Exception {
        String user = newUser();
        Browser browser = browser();
        login(browser, user, PASSWORD, null, false);
        String old = browser.cookie(SESSION);
        String token = browser.get("/logout").csrfToken();

        Browser.Page logout = browser.post("/logout", "csrf", token);

        assertEquals(logout.toString(), 303, logout.status());
        String cleared = logout.setCookie(SESSION);
        assertNotNull("the cookie is cleared", cleared);
        assertTrue(cleared, cleared.contains("Max-Age=0"));
        assertTrue(isAnonymous(browser));
        Browser replay = browser().setCookie(SESSION, old);
        assertTrue("replaying the old cookie is anonymous", isAnonymous(replay));
        Browser.Page home = replay.get("/");
        assertEquals(home.toString(), 303, home.status());
    }

    @Test
    public void stateChangingPostsWithoutTheRightCsrfTokenAre403() throws Exception {
        String user = newUser();
        Browser browser = browser();
        login(browser, user, PASSWORD, null, false);

        Browser.Page noToken = browser.post("/logout");
        Browser.Page wrongToken = browser.post("/logout", "csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Browser.Page password = browser.post("/profile/password", "current", PASSWORD, "new", "Changed-pw-123",
                "confirm", "Changed-pw-123");
        Browser.Page revoke = browser.post("/profile/sessions/revoke", "id", "x");

        assertEquals(noToken.toString(), 403, noToken.status());
        assertEquals(wrongToken.toString(), 403, wrongToken.status());
        assertEquals(password.toString(), 403, password.status());
        assertEquals(revoke.toString(), 403, revoke.status());
        assertTrue("nothing happened", isAuthenticatedAs(browser, user));
        assertEquals("the password is unchanged", 200, http().get("/", user, PASSWORD).status());

        Browser anonymous = browser();
        Browser.Page loginWithoutToken = anonymous.post("/login", "username", user, "password", PASSWORD);
        assertEquals(loginWithoutToken.toString(), 403, loginWithoutToken.status());
        assertNull(loginWithoutToken.setCookie(SESSION));
        anonymous.get("/login");
        Browser.Page loginWrongToken = anonymous.post("/login", "csrf", "x", "username", user, "password", PASSWORD);
        assertEquals(loginWrongToken.toString(), 403, loginWrongToken.status());
        // A token from one browser does not serve another (double-submit: it is bound to the cookie).
        String foreignToken = browser().get("/login").csrfToken();
        Browser.Page foreign = anonymous.post("/login", "csrf", foreignToken, "username", user, "password", PASSWORD);
        assertEquals(foreign.toString(), 403, foreign.status());
    }

    @Test
    public void aGetNeverChangesState() throws Exception {
        String user = newUser();
        Browser browser = browser();
        login(browser, user, PASSWORD, null, false);
        String token = browser.get("/logout").csrfToken();

        Browser.Page logoutGet = browser.get("/logout?csrf=" + token);
        Browser.Page passwordGet = browser.get("/profile/password?csrf=" + token
                + "&current=" + PASSWORD + "&new=Changed-pw-123&confirm=Changed-pw-123");
        Browser.Page revokeGet = browser.get("/profile/sessions/revoke?csrf=" + token + "&id=x");

        assertEquals("GET /logout shows a confirmation: " + logoutGet, 200, logoutGet.status());
        assertNull(logoutGet.setCookie(SESSION));
        assertEquals(passwordGet.toString(), 405, passwordGet.status());
        assertEquals(revokeGet.toString(), 405, revokeGet.status());
        assertTrue("still logged in", isAuthenticatedAs(browser, user));
        assertEquals("the password is unchanged", 200, http().get("/", user, PASSWORD).status());
    }

    @Test
    public void browsersAreSentToTheLoginPageAndApiClientsChallenged() {
        Browser.Page home = browser().get("/");
        Browser.Page admin = browser().get("/admin?tab=users&x=%2F");
        Http.Response api = http().get("/");

        assertEquals(home.toString(), 303, home.status());
        assertEquals("/login?next=%2F", home.header("Location"));
        assertEquals(admin.toString(), 303, admin.status());
        assertEquals("/login?next=%2Fadmin%3Ftab%3Dusers%26x%3D%252F", admin.header("Location"));
        assertEquals(api.toString(), 401, api.status());
        assertTrue(api.header("WWW-Authenticate"), api.header("WWW-Authenticate").startsWith("Basic"));
        Browser.Page withCredentials = browser().get("/", "Authorization", Http.basic(ADMIN, "wrong"));
        assertEquals("a client sending credentials gets the challenge: " + withCredentials, 401,
                withCredentials.status());
    }

    @Test
    public void aRemovedUsersSessionEndsAtOnce() throws Exception {
        String user = newUser();
        Browser browser = browser();
        login(browser, user, PASSWORD, null, false);
        assertTrue(isAuthenticatedAs(browser, user));

        gogo("fpauth:userdel " + user);

        assertTrue(isAnonymous(browser));
        gogo("fpauth:useradd " + user + " " + PASSWORD + " user");
        assertTrue("a new account of the same name does not inherit the session", isAnonymous(browser));
    }

    @Test
    public void aDisabledUsersSessionEndsAtOnceAndStaysEndedWhenEnabledAgain() throws Exception {
        String user = newUser();
        Browser browser = browser();
        login(browser, user, PASSWORD, null, false);
        Browser admin = browser();
        login(admin, ADMIN, ADMIN_PASSWORD, null, false);
        String token = admin.get("/profile").csrfToken();

        Browser.Page disable = admin.post("/admin/users", "csrf", token, "action", "disable", "user", user);

        assertEquals(disable.toString(), 303, disable.status());
        assertTrue("disabled: anonymous at once", isAnonymous(browser));
        admin.post("/admin/users", "csrf", token, "action", "enable", "user", user);
        assertTrue("enabling again does not revive the session", isAnonymous(browser));
    }

    @Test
    public void theProfileChangesThePasswordKeepingThisSessionAndEndingTheOthers() throws Exception {
        String user = newUser();
        Browser here = browser();
        Browser elsewhere = browser();
        login(here, user, PASSWORD, null, false);
        login(elsewhere, user, PASSWORD, null, false);
        assertEquals("Basic credentials verified (and cached)", 200, http().get("/", user, PASSWORD).status());
        Browser.Page profile = here.get("/profile");
        assertEquals(profile.toString(), 200, profile.status());
        String token = profile.csrfToken();
        String newPassword = "Changed-pw-456";

        Browser.Page wrongCurrent = here.post("/profile/password", "csrf", token, "current", "nope-nope-nope", "new",
                newPassword, "confirm", newPassword);
        Browser.Page mismatch = here.post("/profile/password", "csrf", token, "current", PASSWORD, "new",
                newPassword, "confirm", newPassword + "x");
        Browser.Page tooShort = here.post("/profile/password", "csrf", token, "current", PASSWORD, "new", "short",
                "confirm", "short");
        assertEquals(wrongCurrent.toString(), 400, wrongCurrent.status());
        assertEquals(mismatch.toString(), 400, mismatch.status());
        assertEquals(tooShort.toString(), 400, tooShort.status());
        assertTrue(isAuthenticatedAs(elsewhere, user));

        Browser.Page changed = here.post("/profile/password", "csrf", token, "current", PASSWORD, "new", newPassword,
                "confirm", newPassword);

        assertEquals(changed.toString(), 303, changed.status());
        assertEquals("/profile?done=password-changed", changed.header("Location"));
        assertTrue("this session stays", isAuthenticatedAs(here, user));
        assertTrue("the other session ended", isAnonymous(elsewhere));
        assertEquals("the old password (cached) no longer works", 401, http().get("/", user, PASSWORD).status());
        assertEquals(200, http().get("/", user, newPassword).status());
        Browser.Page relogin = login(browser(), user, newPassword, null, false);
        assertEquals(relogin.toString(), 303, relogin.status());
    }

    @Test
    public void theProfileListsOwnSessionsAndRevokesOne() throws Exception {
        String user = newUser();
        Browser here = browser();
        Browser elsewhere = browser();
        login(here, user, PASSWORD, null, false);
        login(elsewhere, user, PASSWORD, null, true);

        Browser.Page profile = here.get("/profile");
        assertEquals(profile.toString(), 200, profile.status());
        java.util.List<String> ids = sessionIds(profile.body());
        assertEquals(profile.body(), 2, ids.size());
        assertTrue(profile.body(), profile.body().contains("this session"));
        assertTrue("client address shown: " + profile.body(), profile.body().contains("127.0.0.1"));
        String other = otherSessionId(profile.body());

        Browser.Page revoked = here.post("/profile/sessions/revoke", "csrf", profile.csrfToken(), "id", other);

        assertEquals(revoked.toString(), 303, revoked.status());
        assertTrue(isAnonymous(elsewhere));
        assertTrue(isAuthenticatedAs(here, user));
        assertEquals(1, sessionIds(here.get("/profile").body()).size());
    }

    @Test
    public void theUserMenuLinksTheProfileAndLogsOutThroughACsrfProtectedPost() throws Exception {
        String user = newUser();
        Browser browser = browser();
        Browser.Page anonymousPage = browser.get("/login");
        assertTrue("anonymous users see the login link: " + anonymousPage,
                anonymousPage.body().contains("id=\"login-link\" href=\"/login\""));
        login(browser, user, PASSWORD, null, false);

        Browser.Page home = browser.get("/");

        assertEquals(home.toString(), 200, home.status());
        String menu = home.body().substring(home.body().indexOf("id=\"user-menu\""));
        assertTrue(menu, menu.contains("href=\"/profile\""));
        assertTrue(menu, menu.contains("<form method=\"post\" action=\"/logout\">"));
        String token = home.csrfToken();
        assertNotNull(token);
        Browser.Page logout = browser.post("/logout", "csrf", token);
        assertEquals(logout.toString(), 303, logout.status());
        assertTrue(isAnonymous(browser));
    }

    @Test
    public void repeatedFailedFormLoginsAreThrottledEvenForTheRightPassword() throws Exception {
        String user = newUser();
        try {
            Browser.Page last = null;
            for (int i = 0; i < 5; i++) {
                last = login(browser(), user, PASSWORD + "-wrong" + i, null, false);
                assertEquals(last.toString(), 200, last.status());
            }

            Browser.Page throttled = login(browser(), user, PASSWORD, null, false);

            assertEquals(throttled.toString(), 429, throttled.status());
            assertNotNull("Retry-After", throttled.header("Retry-After"));
            assertTrue(Long.parseLong(throttled.header("Retry-After")) >= 1);
            assertNull("no session while throttled", throttled.setCookie(SESSION));
        } finally {
            gogo("fpauth:unlock " + user);
            gogo("fpauth:unlock 127.0.0.1");
        }
        Browser.Page afterUnlock = login(browser(), user, PASSWORD, null, false);
        assertEquals("the operator's unlock lets the user in: " + afterUnlock, 303, afterUnlock.status());
    }

    static java.util.List<String> sessionIds(String body) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<tr class=\"session\" data-id=\"([^\"]+)\">")
                .matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String otherSessionId(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<tr class=\"session\" data-id=\"([^\"]+)\">(.*?)</tr>").matcher(body);
        while (m.find()) {
            if (!m.group(2).contains("this session")) {
                return m.group(1);
            }
        }
        throw new AssertionError("no other session in " + body);
    }
}
