package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;

import org.junit.After;
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
import io.github.fpauth.itest.support.Poll;

/**
 * User enumeration against auth-user, through the login form and through HTTP Basic: an unknown
 * user and an existing user with a wrong password get the same status and the same answer, and
 * take about as long (one PBKDF2 verification dominates both; the ratio of the median times must
 * stay within [0.5, 2], loose enough for a shared machine, tight enough to catch a skipped hash,
 * which would be about 100 times faster).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UserEnumerationIT extends FpauthTestSupport {

    private static final int SAMPLES = 15;
    private static final String USER = "enumtarget";
    private static final String PASSWORD = "Enum-target-pw-77";
    private static final String UNKNOWN = "enumnobody";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void targetAndNoThrottling() throws Exception {
        awaitActiveManager("auth_user");
        // Throttling would turn the later samples into cheap 429s: out of the way for this test.
        // (the largest values the settings accept; each test stays far below 100 failures an account)
        configure("io.github.fpauth.user", "throttleAccountFailures", 10_000, "throttleAddressFailures", 10_000,
                "throttleFailuresPerHour", 100);
        Poll.until("throttle limits in force", () -> {
            try {
                return gogo("fpauth:lockouts");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, out -> out.contains("after 10000 failures per account and 10000 per address"));
        addUser(USER, PASSWORD, "user");
        awaitStatus("/", USER, PASSWORD, 200);
    }

    @After
    public void unlock() throws Exception {
        gogo("fpauth:unlock 127.0.0.1");
    }

    @Test
    public void basicAnswersAnUnknownUserAsAWrongPasswordInTheSameTime() {
        Http.Response unknown = http().get("/", UNKNOWN, PASSWORD);
        Http.Response wrong = http().get("/", USER, PASSWORD + "-wrong");
        assertEquals(unknown.toString(), 401, unknown.status());
        assertEquals(wrong.toString(), 401, wrong.status());
        assertEquals(unknown.header("WWW-Authenticate"), wrong.header("WWW-Authenticate"));
        assertEquals(unknown.body(), wrong.body());

        int[] attempt = {0};
        assertSameTime("HTTP Basic",
                () -> http().get("/", UNKNOWN, PASSWORD + attempt[0]++),
                () -> http().get("/", USER, PASSWORD + "-wrong" + attempt[0]++));
    }

    @Test
    public void theLoginFormAnswersAnUnknownUserAsAWrongPasswordInTheSameTime() {
        Browser.Page unknown = login(UNKNOWN, PASSWORD);
        Browser.Page wrong = login(USER, PASSWORD + "-wrong");
        assertEquals(unknown.toString(), 200, unknown.status());
        assertEquals(wrong.toString(), 200, wrong.status());
        assertEquals("the same page but for the name typed and the fresh CSRF token",
                normalised(unknown.body(), UNKNOWN), normalised(wrong.body(), USER));

        int[] attempt = {0};
        assertSameTime("login form",
                () -> login(UNKNOWN, PASSWORD + attempt[0]++),
                () -> login(USER, PASSWORD + "-wrong" + attempt[0]++));
    }

    /** Fetches the form (untimed), then posts it; returns the answer to the post. */
    private Browser.Page login(String user, String password) {
        Browser browser = new Browser(httpPort());
        String token = browser.get("/login").csrfToken();
        assertNotNull(token);
        return browser.post("/login", "csrf", token, "username", user, "password", password, "next", "");
    }

    private static String normalised(String body, String user) {
        return body.replaceAll("name=\"csrf\" value=\"[^\"]*\"", "csrf").replace("value=\"" + user + "\"", "value=USER");
    }

    /**
     * Times {@link #SAMPLES} attempts of each kind, interleaved so that load on the machine hits
     * both alike, after a warm-up; asserts the median times are within a factor of 2 and that
     * both kinds fail alike.
     */
    private static void assertSameTime(String what, Supplier<Object> unknownUser, Supplier<Object> wrongPassword) {
        for (int i = 0; i < 2; i++) {
            unknownUser.get();
            wrongPassword.get();
        }
        long[] unknown = new long[SAMPLES];
        long[] wrong = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            unknown[i] = timed(unknownUser);
            wrong[i] = timed(wrongPassword);
        }
        double ratio = (double) median(unknown) / median(wrong);
        String report = what + ": median unknown user " + median(unknown) / 1000 + " us, wrong password "
                + median(wrong) / 1000 + " us, ratio " + ratio;
        System.out.println(report);
        assertTrue(report, ratio >= 0.5 && ratio <= 2.0);
    }

    private static long timed(Supplier<Object> attempt) {
        long start = System.nanoTime();
        Object answer = attempt.get();
        long elapsed = System.nanoTime() - start;
        int status = answer instanceof Http.Response ? ((Http.Response) answer).status()
                : ((Browser.Page) answer).status();
        assertTrue("a failed attempt, not throttled: " + answer, status == 401 || status == 200);
        return elapsed;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
