package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

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

/** Brute-force protection over real HTTP: 429 with growing Retry-After, per address, hourly cap, unlock. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThrottleIT extends FpauthTestSupport {

    private static final String PID = "io.github.fpauth.user";
    private static final String WRONG_TOKEN = "fpat_" + "W".repeat(43);

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActive() throws Exception {
        awaitActiveManager("auth_user");
    }

    @After
    public void clearFailures() throws Exception {
        for (String key : new String[] {"127.0.0.1", "mallory", "target", ADMIN, "a1", "a2", "a3", "a4"}) {
            gogo("fpauth:unlock " + key);
        }
    }

    /** Each test configures its limits and waits for them: a configuration written before it could overtake them. */
    @Override
    protected boolean relaxesHashing() {
        return false;
    }

    /** Applies throttle settings (and {@code more}) and waits until the running throttle uses them. */
    private void limits(int account, int address, int maxDelay, int perHour, Object... more) throws Exception {
        Object[] limits = {"throttleAccountFailures", account, "throttleAddressFailures", address,
            "throttleBaseDelaySeconds", 1, "throttleMaxDelaySeconds", maxDelay, "throttleFailuresPerHour", perHour};
        Object[] properties = java.util.Arrays.copyOf(limits, limits.length + more.length);
        System.arraycopy(more, 0, properties, limits.length, more.length);
        configure(PID, properties);
        String expected = "after " + account + " failures per account and " + address + " per address, from 1 s up to "
                + maxDelay + " s; at most " + perHour + " failures";
        Poll.until("throttle settings " + expected, () -> {
            try {
                return gogo("fpauth:lockouts");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, output -> output.contains(expected));
    }

    private Http.Response wrong(String user) {
        return http().get("/", user, user + "-wrong-password");
    }

    @Test
    public void failuresTurnInto429WithGrowingRetryAfterAndUnlockClearsThem() throws Exception {
        limits(3, 1000, 60, 100);
        addUser("mallory", "mallory-Secret-1");
        for (int i = 0; i < 3; i++) {
            assertEquals("failure " + (i + 1), 401, wrong("mallory").status());
        }

        Http.Response first = http().get("/", "mallory", "mallory-Secret-1");
        assertEquals("even the right password waits: " + first, 429, first.status());
        assertEquals("1", first.header("Retry-After"));
        assertFalse("no challenge while throttled", first.header("WWW-Authenticate") != null);

        // after the delay, one more failure doubles it
        Poll.until("delay over", Duration.ofSeconds(10), () -> wrong("mallory"), r -> r.status() == 401);
        Http.Response second = wrong("mallory");
        assertEquals(second.toString(), 429, second.status());
        assertEquals("2", second.header("Retry-After"));
        Poll.until("delay over", Duration.ofSeconds(10), () -> wrong("mallory"), r -> r.status() == 401);
        assertEquals("4", wrong("mallory").header("Retry-After"));

        String lockouts = gogo("fpauth:lockouts");
        assertTrue(lockouts, lockouts.contains("mallory"));
        String unlocked = gogo("fpauth:unlock mallory");
        assertTrue(unlocked, unlocked.contains("Cleared"));

        assertEquals(200, http().get("/", "mallory", "mallory-Secret-1").status());
        assertFalse(gogo("fpauth:lockouts").contains("mallory"));
    }

    @Test
    public void publicRoutesStayAnonymousWhileThrottled() throws Exception {
        limits(1, 1000, 60, 100);
        assertEquals(401, wrong("mallory").status());

        Http.Response me = http().get("/api/me", "mallory", "mallory-wrong-password");

        assertEquals(me.toString(), 200, me.status());
        assertEquals("false", me.json("authenticated"));
    }

    @Test
    public void aLoginFloodBeyondTheHashingBudgetIsAnsweredBusyUntilItIsPaidBack() throws Exception {
        // A tiny share of CPU time and no waiting: once the saved-up burst is spent, every hash is refused.
        limits(10_000, 10_000, 60, 100, "passwordHashingCpuShare", 0.01, "passwordHashingMaxWaitSeconds", 0);
        Http.Response busy = null;
        for (int i = 0; i < 200 && busy == null; i++) {
            Http.Response response = wrong("flood" + i);
            if (response.status() != 401) {
                busy = response;
            }
        }

        assertNotNull("the flood was answered busy", busy);
        assertEquals(busy.toString(), 503, busy.status());
        assertNotNull(busy.header("Retry-After"));
        assertNull("no challenge: no password was checked", busy.header("WWW-Authenticate"));
        assertEquals("the right password is not checked either", 503, http().get("/", ADMIN, ADMIN_PASSWORD).status());
        Browser.Page form = LoginSessionIT.login(new Browser(httpPort()), ADMIN, ADMIN_PASSWORD, null, false);
        assertEquals(form.toString(), 503, form.status());
        assertTrue(form.toString(), form.body().contains("The server is busy checking passwords"));

        // The debt is kept and paid back at the new rate: logins come back within a second.
        limits(10_000, 10_000, 60, 100, "passwordHashingCpuShare", 0.15, "passwordHashingMaxWaitSeconds", 3);
        Poll.until("logins come back", Duration.ofSeconds(10), () -> http().get("/", ADMIN, ADMIN_PASSWORD),
                r -> r.status() == 200);
    }

    @Test
    public void anAddressIsThrottledAcrossAccounts() throws Exception {
        limits(1000, 4, 60, 100);
        for (String user : new String[] {"a1", "a2", "a3", "a4"}) {
            assertEquals(401, wrong(user).status());
        }

        Http.Response admin = http().get("/", ADMIN, ADMIN_PASSWORD);
        assertEquals("the whole address waits: " + admin, 429, admin.status());
        assertNotNull(admin.header("Retry-After"));
        Http.Response bearer = http().getWithHeaders("/", "Authorization", "Bearer " + WRONG_TOKEN);
        assertEquals("bearer tokens too: " + bearer, 429, bearer.status());
        assertTrue(gogo("fpauth:lockouts").contains("127.0.0.1"));

        gogo("fpauth:unlock 127.0.0.1");
        assertEquals(200, http().get("/", ADMIN, ADMIN_PASSWORD).status());
    }

    @Test
    public void wrongBearerTokensCountAgainstTheAddress() throws Exception {
        limits(1000, 3, 60, 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(401, http().getWithHeaders("/", "Authorization", "Bearer " + WRONG_TOKEN).status());
        }
        Http.Response throttled = http().getWithHeaders("/", "Authorization", "Bearer " + WRONG_TOKEN);
        assertEquals(throttled.toString(), 429, throttled.status());
    }

    @Test
    public void anAccountNeverAllowsMoreThan100FailuresAnHour() throws Exception {
        limits(10_000, 10_000, 3600, 100);
        addUser("target", "target-Secret-1");
        // tokens as Basic passwords fail without a password hash: fast
        for (int i = 0; i < 100; i++) {
            Http.Response failure = http().get("/", "target", WRONG_TOKEN);
            assertEquals("failure " + (i + 1) + ": " + failure, 401, failure.status());
        }

        Http.Response capped = http().get("/", "target", "target-Secret-1");

        assertEquals(capped.toString(), 429, capped.status());
        long retryAfter = Long.parseLong(capped.header("Retry-After"));
        assertTrue("about an hour: " + retryAfter, retryAfter > 3000 && retryAfter <= 3600);
        assertEquals("other accounts are not affected", 200, http().get("/", ADMIN, ADMIN_PASSWORD).status());
        gogo("fpauth:unlock target");
        assertEquals(200, http().get("/", "target", "target-Secret-1").status());
    }
}
