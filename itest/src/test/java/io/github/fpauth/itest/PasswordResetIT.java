package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.TotpCodes;

/**
 * Password reset by one-time link over real HTTP: made by an admin (page or Gogo), used once, void
 * after any password change, ending the user's sessions and lockout, keeping two-factor sign-in.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PasswordResetIT extends FpauthTestSupport {

    static final String PASSWORD = "Reset-it-old-pw-1";
    static final String NEW_PASSWORD = "Reset-it-new-pw-2";

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final Pattern PAGE_LINK = Pattern.compile("<code id=\"reset-link\">https?://[^/]+(/login/reset\\?token=[^<]+)</code>");
    private static final Pattern SHELL_LINK = Pattern.compile("(/login/reset\\?token=\\S+)");

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

    private String newUser(String... roles) throws Exception {
        String name = "reset" + USERS.incrementAndGet();
        addUser(name, PASSWORD, roles.length == 0 ? new String[] {"user"} : roles);
        return name;
    }

    private String linkFromTheShell(String user) throws Exception {
        String output = gogo("fpauth:resetlink " + user);
        Matcher link = SHELL_LINK.matcher(output);
        assertTrue(output, link.find());
        return link.group(1);
    }

    private static Browser.Page setPassword(Browser browser, String link, String password, String confirm) {
        Browser.Page form = browser.get(link);
        assertEquals(form.toString(), 200, form.status());
        String token = link.substring(link.indexOf("token=") + "token=".length());
        return browser.post("/login/reset", "csrf", form.csrfToken(), "token",
                java.net.URLDecoder.decode(token, java.nio.charset.StandardCharsets.UTF_8), "new", password,
                "confirm", confirm);
    }

    @Test
    public void anAdminMakesALinkOnTheUsersPageAndItSetsANewPasswordOnceEndingTheSessions() throws Exception {
        String user = newUser();
        Browser victim = browser();
        assertEquals(303, LoginSessionIT.login(victim, user, PASSWORD, null, false).status());
        assertTrue(LoginSessionIT.isAuthenticatedAs(victim, user));

        Browser admin = browser();
        assertEquals(303, LoginSessionIT.login(admin, ADMIN, adminPassword(), null, false).status());
        Browser.Page page = admin.get("/admin/users?user=" + user);
        Browser.Page made = admin.post("/admin/users", "csrf", page.csrfToken(), "action", "reset-link", "user", user);
        assertEquals(made.toString(), 200, made.status());
        Matcher link = PAGE_LINK.matcher(made.body());
        assertTrue(made.body(), link.find());
        String path = link.group(1).replace("&amp;", "&");

        Browser owner = browser();
        Browser.Page form = owner.get(path);
        assertTrue("no referrer to other sites: " + form.header("Referrer-Policy"),
                java.util.Set.of("same-origin", "no-referrer").contains(form.header("Referrer-Policy")));
        assertEquals("the confirmation must match", 400, setPassword(owner, path, NEW_PASSWORD, "something else")
                .status());
        Browser.Page tooShort = setPassword(owner, path, "short", "short");
        assertEquals("the password policy holds", 400, tooShort.status());
        Browser.Page done = setPassword(owner, path, NEW_PASSWORD, NEW_PASSWORD);
        assertEquals(done.toString(), 303, done.status());
        assertEquals("/login?reset=done", done.header("Location"));
        assertTrue(owner.get("/login?reset=done").body().contains("Your password has been reset"));

        assertTrue("every session of the user ended", LoginSessionIT.isAnonymous(victim));
        assertEquals(401, http().get("/", user, PASSWORD).status());
        assertEquals(200, http().get("/", user, NEW_PASSWORD).status());

        assertEquals("used once", 400, browser().get(path).status());
        Browser again = browser();
        Browser.Page replay = again.post("/login/reset", "csrf", again.get("/login").csrfToken(), "token",
                java.net.URLDecoder.decode(path.substring(path.indexOf("token=") + 6),
                        java.nio.charset.StandardCharsets.UTF_8), "new", "Reset-it-third-pw-3", "confirm",
                "Reset-it-third-pw-3");
        assertEquals(400, replay.status());
        assertTrue(replay.body(), replay.body().contains("expired or has been used"));
        assertEquals(200, http().get("/", user, NEW_PASSWORD).status());
    }

    @Test
    public void anyPasswordChangeEndsAnOutstandingLink() throws Exception {
        String user = newUser();
        String link = linkFromTheShell(user);
        assertEquals(200, browser().get(link).status());
        gogo("fpauth:passwd " + user + " Reset-it-changed-pw-4");
        assertEquals(400, browser().get(link).status());
        assertEquals(400, browser().get("/login/reset?token=forged.token").status());
        assertEquals(400, browser().get("/login/reset").status());
    }

    @Test
    public void aResetClearsTheLockoutOfTheAccount() throws Exception {
        configure(USER_PID, "throttleAccountFailures", 2, "throttleAddressFailures", 1000, "throttleBaseDelaySeconds",
                300, "throttleMaxDelaySeconds", 300, "throttleFailuresPerHour", 100);
        Poll.until("throttle settings in force", () -> {
            try {
                return gogo("fpauth:lockouts");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, output -> output.contains("after 2 failures per account"));
        String user = newUser();
        for (int i = 0; i < 2; i++) {
            assertEquals(401, http().get("/", user, "wrong-password-" + i).status());
        }
        assertEquals("locked", 429, http().get("/", user, PASSWORD).status());

        assertEquals(303, setPassword(browser(), linkFromTheShell(user), NEW_PASSWORD, NEW_PASSWORD).status());

        assertEquals("unlocked by the reset", 200, http().get("/", user, NEW_PASSWORD).status());
    }

    @Test
    public void aResetKeepsTwoFactorSignIn() throws Exception {
        String user = newUser();
        Browser browser = browser();
        assertEquals(303, LoginSessionIT.login(browser, user, PASSWORD, null, false).status());
        Browser.Page offer = browser.post("/profile/two-factor/start", "csrf",
                browser.get("/profile/two-factor").csrfToken());
        Matcher secret = Pattern.compile("<code id=\"totp-secret\">([A-Z2-7 ]+)</code>").matcher(offer.body());
        Matcher sealed = Pattern.compile("name=\"offer\" value=\"([^\"]+)\"").matcher(offer.body());
        assertTrue(secret.find() && sealed.find());
        String key = secret.group(1).replace(" ", "");
        assertEquals(200, browser.post("/profile/two-factor/enrol", "csrf", offer.csrfToken(), "offer", sealed.group(1),
                "code", TotpCodes.code(key, 0)).status());

        assertEquals(303, setPassword(browser(), linkFromTheShell(user), NEW_PASSWORD, NEW_PASSWORD).status());

        Browser.Page login = LoginSessionIT.login(browser(), user, NEW_PASSWORD, null, false);
        assertEquals(303, login.status());
        assertTrue("still asks for the code: " + login.header("Location"),
                login.header("Location").startsWith("/login/code"));
        assertNotNull(login.setCookie(TwoFactorSignInIT.PENDING));
    }
}
