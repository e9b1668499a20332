package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
 * Two-factor sign-in (TOTP) over real HTTP: enrolment on the profile, the code step after the
 * password, each code once, recovery codes, no HTTP Basic with the password alone, admin reset,
 * and enrolment required for administrators.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwoFactorSignInIT extends FpauthTestSupport {

    static final String SESSION = LoginSessionIT.SESSION;
    static final String PENDING = "FPAUTH_SIGNIN";
    static final String TOTP_PID = "io.github.fpauth.user.totp";
    static final String PASSWORD = "Two-factor-it-pw-7";

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final Pattern SECRET = Pattern.compile("<code id=\"totp-secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern OFFER = Pattern.compile("name=\"offer\" value=\"([^\"]+)\"");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([A-Z2-7-]{19})</code></li>");

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
        String name = "totp" + USERS.incrementAndGet();
        addUser(name, PASSWORD, roles.length == 0 ? new String[] {"user"} : roles);
        return name;
    }

    /** An enrolled user's secret (as the app holds it) and recovery codes. */
    private static final class Enrolled {
        final String secret;
        final List<String> recoveryCodes;

        Enrolled(String secret, List<String> recoveryCodes) {
            this.secret = secret;
            this.recoveryCodes = recoveryCodes;
        }
    }

    private static String group(Pattern pattern, Browser.Page page) {
        Matcher matcher = pattern.matcher(page.body());
        assertTrue(pattern + " in " + page, matcher.find());
        return matcher.group(1);
    }

    private static List<String> recoveryCodes(Browser.Page page) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = RECOVERY.matcher(page.body());
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }

    /** Signs in with the password alone (no factor yet), enrols on the profile, and returns what the app holds. */
    private Enrolled enrolOnProfile(String user) {
        Browser browser = browser();
        assertEquals(303, LoginSessionIT.login(browser, user, PASSWORD, null, false).status());
        Browser.Page page = browser.get("/profile/two-factor");
        assertEquals(page.toString(), 200, page.status());
        assertTrue(page.body(), page.body().contains("<strong>off</strong>"));
        Browser.Page offer = browser.post("/profile/two-factor/start", "csrf", page.csrfToken());
        assertEquals(offer.toString(), 200, offer.status());
        assertTrue("a QR code image", offer.body().contains("<svg"));
        assertTrue(offer.body(), offer.body().contains("otpauth://totp/fpauth:" + user + "?secret="));
        String secret = group(SECRET, offer).replace(" ", "");
        Browser.Page done = browser.post("/profile/two-factor/enrol", "csrf", offer.csrfToken(), "offer",
                group(OFFER, offer), "code", TotpCodes.code(secret, 0));
        assertEquals(done.toString(), 200, done.status());
        List<String> codes = recoveryCodes(done);
        assertEquals(done.body(), 10, codes.size());
        Browser.Page after = browser.get("/profile/two-factor");
        assertTrue(after.body(), after.body().contains("<strong>on</strong>"));
        assertFalse("the secret is never shown again", after.body().contains(secret.substring(0, 16)));
        return new Enrolled(secret, codes);
    }

    /** The password step; asserts it asked for a code and started no session. */
    private Browser passwordStep(String user, String next) {
        Browser browser = browser();
        Browser.Page login = LoginSessionIT.login(browser, user, PASSWORD, next, false);
        assertEquals(login.toString(), 303, login.status());
        assertTrue(login.header("Location"), login.header("Location").startsWith("/login/code?next="));
        assertNull("no session before the code: " + login.headers("Set-Cookie"), login.setCookie(SESSION));
        String pending = login.setCookie(PENDING);
        assertNotNull(pending);
        assertTrue(pending, pending.contains("HttpOnly") && pending.contains("Max-Age="));
        assertTrue("half signed in is not signed in", LoginSessionIT.isAnonymous(browser));
        return browser;
    }

    private static Browser.Page codeStep(Browser browser, String code, String next) {
        Browser.Page form = browser.get("/login/code?next=" + java.net.URLEncoder.encode(next,
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(form.toString(), 200, form.status());
        return browser.post("/login/code", "csrf", form.csrfToken(), "code", code, "next", next);
    }

    @Test
    public void afterEnrolmentASignInNeedsThePasswordThenACode() throws Exception {
        String user = newUser();
        Enrolled enrolled = enrolOnProfile(user);

        Browser browser = passwordStep(user, "/api/me?x=2");
        Browser.Page signedIn = codeStep(browser, TotpCodes.code(enrolled.secret, 1), "/api/me?x=2");

        assertEquals(signedIn.toString(), 303, signedIn.status());
        assertEquals("/api/me?x=2", signedIn.header("Location"));
        assertNotNull(signedIn.setCookie(SESSION));
        assertNull("the pending sign-in is gone", browser.cookie(PENDING));
        assertTrue(LoginSessionIT.isAuthenticatedAs(browser, user));
    }

    @Test
    public void aCodeIsUsedOnceAndAWrongOneIsRefused() throws Exception {
        String user = newUser();
        Enrolled enrolled = enrolOnProfile(user);
        String code = TotpCodes.code(enrolled.secret, 1);
        assertEquals(303, codeStep(passwordStep(user, "/"), code, "/").status());

        Browser second = passwordStep(user, "/");
        Browser.Page replay = codeStep(second, code, "/");
        assertEquals(replay.toString(), 200, replay.status());
        assertTrue(replay.body(), replay.body().contains("That code is not valid"));
        Browser.Page wrong = codeStep(second, TotpCodes.wrongCode(enrolled.secret), "/");
        assertTrue(wrong.body(), wrong.body().contains("That code is not valid"));
        Browser.Page tooFarAhead = codeStep(second, TotpCodes.code(enrolled.secret, 3), "/");
        assertTrue("one step of clock skew, not three", tooFarAhead.body().contains("That code is not valid"));
        assertNull(second.cookie(SESSION));
        assertTrue(LoginSessionIT.isAnonymous(second));
    }

    @Test
    public void theEnrolmentCodeCannotSignIn() throws Exception {
        String user = newUser();
        Browser browser = browser();
        assertEquals(303, LoginSessionIT.login(browser, user, PASSWORD, null, false).status());
        Browser.Page offer = browser.post("/profile/two-factor/start", "csrf",
                browser.get("/profile/two-factor").csrfToken());
        String secret = group(SECRET, offer).replace(" ", "");
        String code = TotpCodes.code(secret, 0);
        assertEquals(200, browser.post("/profile/two-factor/enrol", "csrf", offer.csrfToken(), "offer",
                group(OFFER, offer), "code", code).status());

        Browser.Page reused = codeStep(passwordStep(user, "/"), code, "/");
        assertEquals(200, reused.status());
        assertTrue(reused.body().contains("That code is not valid"));
    }

    @Test
    public void wrongCodesCountAsFailedLoginsAndThePasswordDoesNotResetThem() throws Exception {
        configure(USER_PID, "throttleAccountFailures", 3, "throttleAddressFailures", 1000, "throttleBaseDelaySeconds",
                60, "throttleMaxDelaySeconds", 60, "throttleFailuresPerHour", 100);
        Poll.until("throttle settings in force", () -> {
            try {
                return gogo("fpauth:lockouts");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, output -> output.contains("after 3 failures per account"));
        String user = newUser();
        Enrolled enrolled = enrolOnProfile(user);

        Browser browser = passwordStep(user, "/");
        for (int i = 0; i < 2; i++) {
            assertEquals(200, codeStep(browser, TotpCodes.wrongCode(enrolled.secret), "/").status());
        }
        passwordStep(user, "/"); // a correct password in between
        assertEquals(200, codeStep(browser, TotpCodes.wrongCode(enrolled.secret), "/").status());
        Browser.Page throttled = codeStep(browser, TotpCodes.code(enrolled.secret, 1), "/");
        assertEquals("the third wrong code locks the account: " + throttled, 429, throttled.status());
        assertEquals("60", throttled.header("Retry-After"));
        assertNull(browser.cookie(SESSION));
        assertEquals("and the password form too", 429,
                LoginSessionIT.login(browser(), user, PASSWORD, null, false).status());

        gogo("fpauth:unlock " + user);
        Browser.Page signedIn = codeStep(browser, TotpCodes.code(enrolled.secret, 1), "/");
        assertEquals(signedIn.toString(), 303, signedIn.status());
        assertTrue(LoginSessionIT.isAuthenticatedAs(browser, user));
    }

    @Test
    public void aRecoveryCodeSignsInOnce() throws Exception {
        String user = newUser();
        Enrolled enrolled = enrolOnProfile(user);
        String recovery = enrolled.recoveryCodes.get(0);

        Browser first = passwordStep(user, "/");
        assertEquals(303, codeStep(first, recovery.toLowerCase(java.util.Locale.ROOT), "/").status());
        assertTrue(LoginSessionIT.isAuthenticatedAs(first, user));

        Browser.Page again = codeStep(passwordStep(user, "/"), recovery, "/");
        assertEquals(200, again.status());
        assertTrue(again.body().contains("That code is not valid"));
        Browser.Page profile = first.get("/profile/two-factor");
        assertTrue(profile.body(), profile.body().contains("<span id=\"recovery-left\">9</span>"));
    }

    @Test
    public void theCodePageWithoutAPendingSignInSendsTheBrowserToLogIn() throws Exception {
        Browser browser = browser();
        Browser.Page page = browser.get("/login/code?next=/admin");
        assertEquals(303, page.status());
        assertEquals("/login?next=%2Fadmin", page.header("Location"));

        String user = newUser();
        enrolOnProfile(user);
        Browser half = passwordStep(user, "/");
        String pending = half.cookie(PENDING);
        half.setCookie(PENDING, pending.substring(0, pending.length() - 2) + (pending.endsWith("AA") ? "BB" : "AA"));
        Browser.Page forged = half.get("/login/code");
        assertEquals("an altered pending sign-in is none", 303, forged.status());
        assertNull("and is dropped", half.cookie(PENDING));

        Browser other = passwordStep(user, "/");
        Browser.Page enrolPage = other.get("/login/enrol");
        assertEquals("a code step does not open the enrolment page", 303, enrolPage.status());
    }

    @Test
    public void httpBasicWithThePasswordAloneIsRefusedOnceEnrolledButTokensWork() throws Exception {
        String user = newUser();
        awaitStatus("/", user, PASSWORD, 200);
        String output = gogo("fpauth:tokenadd " + user + " ci");
        Matcher token = Pattern.compile("(fpat_[A-Za-z0-9_-]+)").matcher(output);
        assertTrue(output, token.find());

        enrolOnProfile(user);

        assertEquals("the cached password no longer opens protected routes", 401,
                http().get("/", user, PASSWORD).status());
        assertEquals("a token does", 200, http().getWithHeaders("/", "Authorization", "Bearer " + token.group(1))
                .status());
    }

    @Test
    public void turningItOffAsksForThePasswordAndACode() throws Exception {
        String user = newUser();
        Enrolled enrolled = enrolOnProfile(user);
        Browser browser = passwordStep(user, "/");
        assertEquals(303, codeStep(browser, TotpCodes.code(enrolled.secret, 1), "/").status());

        Browser.Page page = browser.get("/profile/two-factor");
        Browser.Page noCode = browser.post("/profile/two-factor/disable", "csrf", page.csrfToken(), "password",
                PASSWORD, "code", TotpCodes.wrongCode(enrolled.secret));
        assertEquals(400, noCode.status());
        Browser.Page wrongPassword = browser.post("/profile/two-factor/disable", "csrf", page.csrfToken(), "password",
                "not-the-password", "code", enrolled.recoveryCodes.get(1));
        assertEquals(400, wrongPassword.status());
        Browser.Page off = browser.post("/profile/two-factor/disable", "csrf", page.csrfToken(), "password", PASSWORD,
                "code", enrolled.recoveryCodes.get(2));
        assertEquals(off.toString(), 303, off.status());
        assertTrue(browser.get("/profile/two-factor").body().contains("<strong>off</strong>"));

        Browser.Page passwordOnly = LoginSessionIT.login(browser(), user, PASSWORD, null, false);
        assertEquals(303, passwordOnly.status());
        assertNotNull("the password alone signs in again", passwordOnly.setCookie(SESSION));
    }

    @Test
    public void anAdminResetLetsTheUserSignInWithThePasswordAndEnrolAnew() throws Exception {
        String user = newUser();
        enrolOnProfile(user);
        String users = gogo("fpauth:users");
        assertTrue(users, users.matches("(?s).*" + user + "\\s.*\\son\\s*(\\n.*)?"));

        assertTrue(gogo("fpauth:totpreset " + user).contains("Reset the two-factor sign-in"));

        Browser browser = browser();
        Browser.Page login = LoginSessionIT.login(browser, user, PASSWORD, null, false);
        assertNotNull(login.setCookie(SESSION));
        enrolOnProfile(user);
    }

    @Test
    public void administratorsMustEnrolRightAfterThePasswordWhenConfigured() throws Exception {
        configure(TOTP_PID, "required", "admins");
        String admin = newUser("fp_admin");
        String plain = newUser();

        Browser plainBrowser = browser();
        assertNotNull("others are not asked", LoginSessionIT.login(plainBrowser, plain, PASSWORD, null, false)
                .setCookie(SESSION));

        Browser browser = browser();
        Browser.Page login = LoginSessionIT.login(browser, admin, PASSWORD, "/admin/users", false);
        for (int i = 0; login.header("Location") != null && login.header("Location").startsWith("/admin") && i < 50;
                i++) {
            Thread.sleep(100); // the configuration is applied asynchronously
            login = LoginSessionIT.login(browser = browser(), admin, PASSWORD, "/admin/users", false);
        }
        assertEquals(login.toString(), 303, login.status());
        assertEquals("/login/enrol?next=%2Fadmin%2Fusers", login.header("Location"));
        assertNull(login.setCookie(SESSION));
        assertEquals("nothing else first", 303, browser.get("/admin/users").status());
        assertEquals("and not by HTTP Basic", 401, http().get("/admin/users", admin, PASSWORD).status());

        Browser.Page enrol = browser.get("/login/enrol?next=%2Fadmin%2Fusers");
        assertEquals(enrol.toString(), 200, enrol.status());
        String secret = group(SECRET, enrol).replace(" ", "");
        Browser.Page wrong = browser.post("/login/enrol", "csrf", enrol.csrfToken(), "offer", group(OFFER, enrol),
                "code", TotpCodes.wrongCode(secret), "next", "/admin/users");
        assertEquals(200, wrong.status());
        assertEquals("the same secret is offered again", secret, group(SECRET, wrong).replace(" ", ""));
        Browser.Page done = browser.post("/login/enrol", "csrf", wrong.csrfToken(), "offer", group(OFFER, wrong),
                "code", TotpCodes.code(secret, 0), "next", "/admin/users");
        assertEquals(done.toString(), 200, done.status());
        assertEquals(10, recoveryCodes(done).size());
        assertNotNull("signed in", done.setCookie(SESSION));
        assertEquals(200, browser.get("/admin/users").status());
        Browser.Page list = browser.get("/admin/users");
        assertTrue(list.body(), list.body().contains(">" + admin + "</a></td>"));
    }
}
