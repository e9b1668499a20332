package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

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

/** How long sessions live: timeouts, and surviving a stop/start of the auth-user bundle. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SessionLifecycleIT extends FpauthTestSupport {

    private static final String PID = "io.github.fpauth.user";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void loginPageIsServed() {
        awaitActiveManager("auth_user");
        awaitStatus("/login", 200);
    }

    private Browser loggedIn(String user, boolean remember) {
        Browser browser = new Browser(httpPort());
        Browser.Page login = LoginSessionIT.login(browser, user, LoginSessionIT.PASSWORD, null, remember);
        assertEquals(login.toString(), 303, login.status());
        assertTrue(LoginSessionIT.isAuthenticatedAs(browser, user));
        return browser;
    }

    @Test
    public void anIdleSessionEndsWhileAnActiveOneLivesOn() throws Exception {
        addUser("idle1", LoginSessionIT.PASSWORD, "user");
        configure(PID, "sessionIdleTimeoutSeconds", 2, "sessionAbsoluteTimeoutSeconds", 3600);
        Browser idle = loggedIn("idle1", false);
        Browser active = loggedIn("idle1", false);

        // Polling the profile keeps "active" busy (every request counts) while "idle" sits still.
        Poll.until("the idle session to leave the session list", Duration.ofSeconds(30),
                () -> active.get("/profile"), p -> p.status() == 200 && LoginSessionIT.sessionIds(p.body()).size() == 1);

        assertTrue("the idle session ended", LoginSessionIT.isAnonymous(idle));
        assertTrue("the active one did not", LoginSessionIT.isAuthenticatedAs(active, "idle1"));
    }

    @Test
    public void aSessionEndsAtTheAbsoluteTimeoutHoweverActive() throws Exception {
        addUser("absolute1", LoginSessionIT.PASSWORD, "user");
        configure(PID, "sessionIdleTimeoutSeconds", 3600, "sessionAbsoluteTimeoutSeconds", 2);
        Browser browser = loggedIn("absolute1", false);

        Poll.until("the session to reach its absolute timeout", Duration.ofSeconds(30),
                () -> LoginSessionIT.isAnonymous(browser), anonymous -> anonymous);

        Browser.Page home = browser.get("/");
        assertEquals("back to the login page: " + home, 303, home.status());
        assertTrue(home.header("Location"), home.header("Location").startsWith("/login?next="));
    }

    @Test
    public void rememberMeSessionsFollowTheirOwnTimeouts() throws Exception {
        addUser("remember1", LoginSessionIT.PASSWORD, "user");
        configure(PID, "sessionIdleTimeoutSeconds", 3600, "sessionAbsoluteTimeoutSeconds", 2,
                "rememberMeIdleTimeoutSeconds", 3600, "rememberMeAbsoluteTimeoutSeconds", 7200);
        Browser ordinary = loggedIn("remember1", false);
        Browser remembered = loggedIn("remember1", true);

        Poll.until("the ordinary session to end", Duration.ofSeconds(30),
                () -> LoginSessionIT.isAnonymous(ordinary), anonymous -> anonymous);

        assertTrue("the remembered one lives on", LoginSessionIT.isAuthenticatedAs(remembered, "remember1"));
    }

    @Test
    public void sessionsSurviveAStopAndStartOfTheBundle() throws Exception {
        addUser("survivor1", LoginSessionIT.PASSWORD, "user");
        Browser browser = loggedIn("survivor1", false);
        assertEquals(200, browser.get("/profile").status()); // last seen moves on, in memory

        stop(FpauthBundle.USER);
        awaitActiveManager(null);
        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");

        Poll.until("the session to be recognised again", () -> LoginSessionIT.isAuthenticatedAs(browser, "survivor1"),
                ok -> ok);
        Browser.Page profile = browser.get("/profile");
        assertEquals(profile.toString(), 200, profile.status());
        assertEquals(1, LoginSessionIT.sessionIds(profile.body()).size());
    }

    @Test
    public void aUserHoldsABoundedNumberOfSessions() throws Exception {
        addUser("many1", LoginSessionIT.PASSWORD, "user");
        configure(PID, "sessionsPerUser", 2);
        Browser first = loggedIn("many1", false);
        Browser second = loggedIn("many1", false);
        Poll.until("the limit to apply", () -> {
            Browser third = loggedIn("many1", false);
            return LoginSessionIT.sessionIds(third.get("/profile").body()).size();
        }, n -> n == 2);

        assertTrue("the least recently seen session went first", LoginSessionIT.isAnonymous(first));
        assertTrue(LoginSessionIT.isAnonymous(second) || LoginSessionIT.isAuthenticatedAs(second, "many1"));
    }
}
