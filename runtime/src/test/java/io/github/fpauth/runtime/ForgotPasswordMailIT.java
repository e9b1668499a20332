package io.github.fpauth.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The runtime as an operator sets up "Forgot password?": the jars and .cfg files of
 * {@code optional/mail/} into {@code deploy/} of a running node, pointed at a real SMTP server
 * (GreenMail, in this JVM); the login page then offers it, and the mailed link sets a new password.
 */
public class ForgotPasswordMailIT {

    private static final String ADMIN_PASSWORD = "mail-Admin-pw-4c1d";
    private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/login/reset\\?token=\\S+)");

    private GreenMail smtp;
    private RuntimeProcess runtime;

    @After
    public void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    public void optionalMailInDeployTurnsOnForgotPasswordAndTheMailedLinkWorks() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        runtime = RuntimeProcess.fresh("mail").start(ADMIN_PASSWORD, "-Dfpauth.console=true");
        runtime.awaitReady(true, Duration.ofSeconds(60));
        assertEquals("no mail settings: no page", 404, runtime.get("/login/forgot").status());

        SharedStoreNodes.gogo(runtime, "fpauth:useradd mia Mia-old-pass-1 user", "Added user 'mia'");
        SharedStoreNodes.gogo(runtime, "fpauth:email mia mia@example.org", "now has email");

        // what docs/password-reset.md tells an operator to do, on a running node
        Path optional = runtime.folder().resolve("optional/mail");
        try (Stream<Path> files = Files.list(optional)) {
            for (Path jar : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                Files.copy(jar, runtime.deployFolder().resolve(jar.getFileName()));
            }
        }
        String mail = Files.readString(optional.resolve("io.github.fpauth.user.mail.cfg"), UTF_8)
                .replaceFirst("(?m)^#host=.*$", "host=127.0.0.1")
                .replaceFirst("(?m)^#port=.*$", "port=" + smtp.getSmtp().getPort())
                .replaceFirst("(?m)^security=.*$", "security=none")
                .replaceFirst("(?m)^#from=.*$", "from=fpauth@example.org");
        Files.writeString(runtime.deployFolder().resolve("io.github.fpauth.user.mail.cfg"), mail, UTF_8);
        String reset = Files.readString(optional.resolve("io.github.fpauth.user.reset.cfg"), UTF_8)
                .replaceFirst("(?m)^#publicUrl=.*$", "publicUrl=http://127.0.0.1:" + runtime.port());
        Files.writeString(runtime.deployFolder().resolve("io.github.fpauth.user.reset.cfg"), reset, UTF_8);
        runtime.await("the forgotten-password page", Duration.ofSeconds(60),
                () -> runtime.get("/login/forgot").status() == 200);

        SharedStoreNodes.Browser browser = new SharedStoreNodes.Browser(runtime);
        assertTrue(browser.get("/login").body().contains("id=\"forgot-link\""));
        SharedStoreNodes.Reply answer = browser.submit("/login/forgot", "/login/forgot", "account", "mia");
        assertEquals(answer.toString(), 200, answer.status());
        assertTrue("a mail arrives", smtp.waitForIncomingEmail(20_000, 1));
        assertEquals("mia@example.org", smtp.getReceivedMessages()[0].getAllRecipients()[0].toString());
        String body = GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = LINK.matcher(body);
        assertTrue(body, link.find());

        String path = link.group(1);
        String token = java.net.URLDecoder.decode(path.substring(path.indexOf("token=") + 6), UTF_8);
        SharedStoreNodes.Browser owner = new SharedStoreNodes.Browser(runtime);
        SharedStoreNodes.Reply done = owner.submit(path, "/login/reset", "token", token, "new", "Mia-new-pass-2",
                "confirm", "Mia-new-pass-2");
        assertEquals(done.toString(), 303, done.status());
        assertEquals(200, runtime.get("/", "mia", "Mia-new-pass-2").status());
        assertEquals(401, runtime.get("/", "mia", "Mia-old-pass-1").status());
        SharedStoreNodes.Reply unknown = browser.submit("/login/forgot", "/login/forgot", "account", "nobody");
        assertEquals(200, unknown.status());
        assertTrue("the same answer", unknown.body().contains("If an account with an email address matches"));
        Thread.sleep(1000);
        assertEquals("no mail for an unknown account", 1, smtp.getReceivedMessages().length);
    }
}
