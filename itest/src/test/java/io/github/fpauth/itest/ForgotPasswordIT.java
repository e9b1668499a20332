package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import io.github.fpauth.itest.support.Browser;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.MailBundles;
import io.github.fpauth.itest.support.Poll;

/**
 * "Forgot password?" with Jakarta Mail in the framework and a real SMTP server (GreenMail) on
 * loopback: the link arrives and works once, the answer is the same for unknown accounts and no
 * mail goes out for them, and without mail settings the page does not exist.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ForgotPasswordIT extends FpauthTestSupport {

    static final String PASSWORD = "Forgot-it-old-pw-1";
    static final String NEW_PASSWORD = "Forgot-it-new-pw-2";
    static final String MAIL_PID = "io.github.fpauth.user.mail";
    static final String RESET_PID = "io.github.fpauth.user.reset";

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/login/reset\\?token=\\S+)");

    private GreenMail smtp;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), MailBundles.mail(),
            FpauthBundle.USER.option(), MailBundles.greenMail()};
    }

    @Before
    public void startTheMailServerAndConfigureMail() throws Exception {
        awaitActiveManager("auth_user");
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        // Its threads inherit this context class loader, with which Jakarta Mail finds its providers:
        // the mail bundle's, not the test JVM's application class loader (another copy of the API).
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(jakarta.mail.Session.class.getClassLoader());
        try {
            smtp.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
        configure(MAIL_PID, "host", "127.0.0.1", "port", smtp.getSmtp().getPort(), "security", "none", "from",
                "fpauth@example.org");
        configure(RESET_PID, "publicUrl", "http://127.0.0.1:" + httpPort());
        // The previous test's mail configuration may still be in force: wait for this one's port.
        String mailer = "(&(objectClass=io.github.fpauth.user.reset.ResetMail)(port=" + smtp.getSmtp().getPort() + "))";
        Poll.until("the reset mail through port " + smtp.getSmtp().getPort(), () -> {
            try {
                return context.getServiceReferences((String) null, mailer);
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(mailer, e);
            }
        }, references -> references != null && references.length > 0);
        awaitStatus("/login/forgot", 200);
    }

    @After
    public void stopTheMailServer() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private Browser browser() {
        return new Browser(httpPort());
    }

    private String newUser(String email) throws Exception {
        String name = "forgot" + USERS.incrementAndGet();
        addUser(name, PASSWORD, "user");
        if (email != null) {
            assertTrue(gogo("fpauth:email " + name + " " + email).contains("now has email"));
        }
        return name;
    }

    private static Browser.Page forgot(Browser browser, String account) {
        Browser.Page form = browser.get("/login/forgot");
        assertEquals(form.toString(), 200, form.status());
        return browser.post("/login/forgot", "csrf", form.csrfToken(), "account", account);
    }

    /** The reset link of the one mail that reached {@code address}. */
    private String linkMailedTo(String address) throws Exception {
        assertTrue("a mail arrives", smtp.waitForIncomingEmail(15_000, 1));
        jakarta.mail.internet.MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals(address, mail.getAllRecipients()[0].toString());
        String body = GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = LINK.matcher(body);
        assertTrue(body, link.find());
        return link.group(1);
    }

    @Test
    public void theLoginPageOffersItAndTheMailedLinkSetsANewPasswordOnce() throws Exception {
        String user = newUser("reader@example.org");
        assertTrue(browser().get("/login").body().contains("id=\"forgot-link\""));

        Browser.Page answer = forgot(browser(), user);
        assertEquals(200, answer.status());
        String link = linkMailedTo("reader@example.org");

        Browser owner = browser();
        Browser.Page form = owner.get(link);
        assertEquals(form.toString(), 200, form.status());
        String token = java.net.URLDecoder.decode(link.substring(link.indexOf("token=") + 6),
                java.nio.charset.StandardCharsets.UTF_8);
        Browser.Page done = owner.post("/login/reset", "csrf", form.csrfToken(), "token", token, "new", NEW_PASSWORD,
                "confirm", NEW_PASSWORD);
        assertEquals(done.toString(), 303, done.status());
        assertEquals(200, http().get("/", user, NEW_PASSWORD).status());
        assertEquals("once", 400, browser().get(link).status());
    }

    @Test
    public void byEmailAddressToo() throws Exception {
        newUser("by-address@example.org");
        assertEquals(200, forgot(browser(), "By-Address@Example.org").status());
        linkMailedTo("by-address@example.org");
    }

    @Test
    public void theAnswerIsTheSameForUnknownAccountsAndNoMailGoesOut() throws Exception {
        String known = newUser("known@example.org");
        String withoutAddress = newUser(null);
        String knownAnswer = forgot(browser(), known).body();
        assertTrue(smtp.waitForIncomingEmail(15_000, 1));
        for (String other : new String[] {"nobody-here", "nobody@example.org", withoutAddress}) {
            Browser.Page answer = forgot(browser(), other);
            assertEquals(200, answer.status());
            assertEquals("the same page for " + other, knownAnswer, answer.body());
        }
        // a last known request: once its mail is in, the ones before it have been handled too
        forgot(browser(), known);
        assertTrue(smtp.waitForIncomingEmail(15_000, 2));
        assertEquals("only the known account's mails", 2, smtp.getReceivedMessages().length);
    }

    @Test
    public void withoutMailSettingsThereIsNoForgottenPasswordPage() throws Exception {
        configAdmin.getConfiguration(MAIL_PID, "?").delete();
        Poll.until("the page is gone", () -> http().get("/login/forgot").status(), status -> status == 404);
        assertFalse(browser().get("/login").body().contains("forgot-link"));
    }
}
