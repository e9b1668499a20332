package io.github.fpauth.user.reset;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import io.github.fpauth.user.CountingHasher;
import io.github.fpauth.user.Fakes;
import io.github.fpauth.user.StoredUserDirectory;
import io.github.fpauth.user.crypto.DeploymentKey;
import io.github.fpauth.user.crypto.DeploymentKeys;
import io.github.fpauth.user.password.PasswordPolicy;
import io.github.fpauth.user.reset.mail.MailConfig;
import io.github.fpauth.user.reset.mail.SmtpResetMail;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.throttle.FailureThrottle;
import io.github.fpauth.user.throttle.ThrottleSettings;

/** "Forgot password?" against a real SMTP server (GreenMail) on loopback. */
public class ForgottenPasswordsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private GreenMail smtp;
    private StoredUserDirectory directory;
    private PasswordResets resets;
    private ForgottenPasswords forgotten;

    @Before
    public void setUp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        directory = new StoredUserDirectory(UserStore.open(temp.getRoot().toPath().resolve("users.txt")),
                new CountingHasher(), PasswordPolicy.defaults());
        directory.addUser("alice", "correct horse", List.of());
        directory.setEmail("alice", "alice@example.org");
        directory.addUser("bob", "battery staple", List.of());
        PersistentSessionStore sessions = new PersistentSessionStore(temp.getRoot().toPath().resolve("sessions.txt"),
                new SessionSecrets(new SecureRandom()), SessionTimeouts.defaults(), System::currentTimeMillis);
        PasswordResetConfig config = Fakes.configOf(PasswordResetConfig.class,
                Map.of("publicUrl", "https://app.example.org/", "mailsPerAccountPerHour", 2, "requestsPerAddressPerHour", 5));
        resets = new PasswordResets(directory, DeploymentKeys.of(DeploymentKey.generate(new SecureRandom())), sessions,
                new FailureThrottle(ThrottleSettings.defaults(), System::currentTimeMillis), config);
        forgotten = new ForgottenPasswords(directory, resets, config);
        forgotten.mail = new SmtpResetMail(Fakes.configOf(MailConfig.class, Map.of("host", "127.0.0.1", "port",
                smtp.getSmtp().getPort(), "security", MailConfig.Security.none, "from", "fpauth@example.org")));
    }

    @After
    public void tearDown() {
        forgotten.deactivate();
        smtp.stop();
    }

    private static final Pattern LINK = Pattern.compile("https://app\\.example\\.org(/login/reset\\?token=\\S+)");

    @Test
    public void aKnownAccountWithAnAddressGetsAWorkingLinkByNameOrByAddress() throws Exception {
        assertTrue(forgotten.isAvailable());
        assertTrue(forgotten.request("alice", "192.0.2.1"));
        assertTrue(smtp.waitForIncomingEmail(10_000, 1));
        jakarta.mail.internet.MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("alice@example.org", mail.getAllRecipients()[0].toString());
        assertEquals("fpauth@example.org", mail.getFrom()[0].toString());
        String body = GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = LINK.matcher(body);
        assertTrue(body, link.find());
        String token = java.net.URLDecoder.decode(link.group(1).substring(link.group(1).indexOf('=') + 1),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("alice", resets.check(token).orElseThrow().name());

        assertTrue(forgotten.request("ALICE@example.org", "192.0.2.1"));
        assertTrue(smtp.waitForIncomingEmail(10_000, 2));
    }

    @Test
    public void noMailForAnUnknownAccountOrOneWithoutAnAddressAndTheSameAnswer() throws Exception {
        assertTrue(forgotten.request("mallory", "192.0.2.2"));
        assertTrue(forgotten.request("bob", "192.0.2.2"));
        assertTrue(forgotten.request("nobody@example.org", "192.0.2.2"));
        assertTrue(forgotten.request("", "192.0.2.2"));
        assertTrue("a marker mail after them arrives alone", forgotten.request("alice", "192.0.2.2"));
        assertTrue(smtp.waitForIncomingEmail(10_000, 1));
        Thread.sleep(300);
        assertEquals(1, smtp.getReceivedMessages().length);
        assertEquals("alice@example.org", smtp.getReceivedMessages()[0].getAllRecipients()[0].toString());
    }

    @Test
    public void atMostSoManyMailsPerAccountAndRequestsPerAddressAnHour() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertTrue(forgotten.request("alice", "192.0.2." + (10 + i)));
        }
        assertTrue(smtp.waitForIncomingEmail(10_000, 2));
        Thread.sleep(500);
        assertEquals("two mails per account an hour", 2, smtp.getReceivedMessages().length);
        for (int i = 0; i < 5; i++) {
            assertTrue(forgotten.request("bob", "198.51.100.7"));
        }
        assertFalse("the sixth request of an address an hour", forgotten.request("bob", "198.51.100.7"));
    }

    @Test
    public void withoutAPublicUrlOrMailItIsNotOffered() {
        ForgottenPasswords withoutUrl = new ForgottenPasswords(directory, new PasswordResets(directory,
                DeploymentKeys.of(DeploymentKey.generate(new SecureRandom())), null, null,
                Fakes.configOf(PasswordResetConfig.class, Map.of())), Fakes.configOf(PasswordResetConfig.class, Map.of()));
        withoutUrl.mail = forgotten.mail;
        assertFalse("links are never built from the Host header", withoutUrl.isAvailable());
        withoutUrl.deactivate();
        forgotten.mail = null;
        assertFalse(forgotten.isAvailable());
    }
}
