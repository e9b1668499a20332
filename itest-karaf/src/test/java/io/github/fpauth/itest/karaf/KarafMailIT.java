package io.github.fpauth.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * The fpauth-mail feature in a real Karaf 4.4: auth-user wired to the feature's Jakarta Mail,
 * "Forgot password?" offered, and its mail delivered to a real SMTP server (GreenMail, started by
 * the test driver outside Karaf), read back over POP3 from inside Karaf.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafMailIT extends KarafTestSupport {

    private static final String POP3_PORT_PROPERTY = "fpauth.itest.pop3.port";
    private static final String USER_BSN = "io.github.fpauth.user";

    @Configuration
    public Option[] config() {
        int[] ports = DriverSide.startMailServer();
        List<Option> options = new ArrayList<>(Arrays.asList(karafWith("fpauth", "fpauth-user", "fpauth-mail")));
        options.add(editConfigurationFilePut("etc/io.github.fpauth.user.mail.cfg", "host", "127.0.0.1"));
        options.add(editConfigurationFilePut("etc/io.github.fpauth.user.mail.cfg", "port", Integer.toString(ports[0])));
        options.add(editConfigurationFilePut("etc/io.github.fpauth.user.mail.cfg", "security", "none"));
        options.add(editConfigurationFilePut("etc/io.github.fpauth.user.mail.cfg", "from", "fpauth@example.org"));
        // any public URL: the test follows the link's path on Karaf's own port
        options.add(editConfigurationFilePut("etc/io.github.fpauth.user.reset.cfg", "publicUrl",
                "https://app.example.org"));
        options.add(editConfigurationFilePut("etc/system.properties", POP3_PORT_PROPERTY, Integer.toString(ports[1])));
        return options.toArray(new Option[0]);
    }

    /** Runs in the test driver only: Karaf never loads this class (nor GreenMail). */
    private static final class DriverSide {

        /** SMTP and POP3 on free loopback ports, stopped when the run ends; their ports. */
        static int[] startMailServer() {
            com.icegreen.greenmail.util.GreenMail mail = new com.icegreen.greenmail.util.GreenMail(
                    new com.icegreen.greenmail.util.ServerSetup[] {
                        new com.icegreen.greenmail.util.ServerSetup(0, "127.0.0.1", "smtp"),
                        new com.icegreen.greenmail.util.ServerSetup(0, "127.0.0.1", "pop3")});
            mail.start();
            DriverResources.closeAtEnd(mail::stop);
            return new int[] {mail.getSmtp().getPort(), mail.getPop3().getPort()};
        }
    }

    @Before
    public void authUserIsActive() throws Exception {
        awaitGet("/ready", statusAndBody(200, "\"activeManager\":\"auth_user\""));
    }

    @Test
    public void authUserIsWiredToTheFeaturesJakartaMailAndOffersForgotPassword() throws Exception {
        Bundle mail = bundle("org.eclipse.angus.jakarta.mail");
        assertNotNull("the feature's mail bundle", mail);
        assertEquals(Bundle.ACTIVE, mail.getState());
        boolean wired = false;
        for (BundleWire wire : bundle(USER_BSN).adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package")) {
            wired |= "jakarta.mail".equals(wire.getCapability().getAttributes().get("osgi.wiring.package"))
                    && wire.getProvider().getBundle().equals(mail);
        }
        assertTrue("auth-user imports jakarta.mail from it", wired);
        awaitGet("/login/forgot", status(200));
        assertTrue(http().get("/login").body.contains("id=\"forgot-link\""));
    }

    @Test
    public void theResetLinkIsMailedThroughTheSmtpServer() throws Exception {
        shell("fpauth:useradd nina Nina-long-password1 viewer");
        try {
            assertTrue(shell("fpauth:email nina nina@example.org").contains("now has email"));
            awaitGet("/login/forgot", status(200));
            assertEquals(200, postForgot("nina"));

            String body = awaitMail("nina@example.org");
            Matcher link = Pattern.compile("https://app\\.example\\.org(/login/reset\\?token=\\S+)").matcher(body);
            assertTrue(body, link.find());
            assertEquals("the mailed link opens the reset form", 200, http().get(link.group(1)).status);
        } finally {
            shell("fpauth:userdel nina");
        }
    }

    /** Posts the forgotten-password form as a browser does (CSRF cookie and field); the status. */
    private int postForgot(String account) throws IOException {
        int port = Integer.getInteger("fpauth.itest.http.port");
        HttpURLConnection form = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/login/forgot").openConnection();
        String page = new String(form.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String cookie = form.getHeaderField("Set-Cookie").split(";", 2)[0];
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(page, csrf.find());
        HttpURLConnection post = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/login/forgot").openConnection();
        post.setDoOutput(true);
        post.setRequestMethod("POST");
        post.setRequestProperty("Cookie", cookie);
        post.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = post.getOutputStream()) {
            out.write(("csrf=" + URLEncoder.encode(csrf.group(1).replace("&amp;", "&"), StandardCharsets.UTF_8)
                    + "&account=" + URLEncoder.encode(account, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
        return post.getResponseCode();
    }

    /** The text of the first mail in {@code address}'s POP3 mailbox (GreenMail: login and password are the address). */
    private static String awaitMail(String address) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.pop3.host", "127.0.0.1");
        properties.setProperty("mail.pop3.port", Integer.getInteger(POP3_PORT_PROPERTY).toString());
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            Store store = Session.getInstance(properties).getStore("pop3");
            try {
                store.connect(address, address);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    if (inbox.getMessageCount() > 0) {
                        // the decoded body as bytes: no content handler of the activation framework needed
                        return new String(inbox.getMessage(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    }
                } finally {
                    inbox.close(false);
                }
            } catch (jakarta.mail.AuthenticationFailedException notYet) {
                // GreenMail creates the mailbox with the first mail to it
            } finally {
                store.close();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no mail reached " + address + " within 20 s");
            }
            Thread.sleep(200);
        }
    }
}
