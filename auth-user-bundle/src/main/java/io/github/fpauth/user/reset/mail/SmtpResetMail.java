package io.github.fpauth.user.reset.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.reset.ResetMail;
import io.github.fpauth.user.store.UserNames;
import jakarta.activation.DataHandler;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * {@link ResetMail} over SMTP with Jakarta Mail (Eclipse Angus). With {@code starttls} the
 * upgrade is required and the server's certificate and host name are checked; so they are with
 * {@code tls}. The body is given as bytes (a data source), so no MIME content handler needs to be
 * found through the activation framework's service loader, which plain OSGi does not mediate.
 * Jakarta Mail finds its own providers with the thread's context class loader first: it is set to
 * the mail bundle's while mail is set up or sent, so that whatever the caller's thread carries (in
 * a test JVM, the application class loader with another copy of the API) is never asked.
 */
@Component(service = ResetMail.class, configurationPid = MailConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MailConfig.class)
public class SmtpResetMail implements ResetMail {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpResetMail.class);

    private volatile Settings settings;

    @Activate
    public SmtpResetMail(MailConfig config) {
        settings = settings(config);
    }

    @Modified
    void modified(MailConfig config) {
        settings = settings(config);
    }

    private static Settings settings(MailConfig config) {
        if (config.host() == null || config.host().isBlank()) {
            throw new IllegalArgumentException(MailConfig.PID + ": host is required");
        }
        InternetAddress from;
        try {
            from = new InternetAddress(UserNames.requireValidEmail(config.from() == null ? "" : config.from().trim()));
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException(MailConfig.PID + ": from is not an address");
        }
        String protocol = config.security() == MailConfig.Security.tls ? "smtps" : "smtp";
        String timeout = Long.toString(Math.max(1, Math.min(config.timeoutSeconds(), 120)) * 1000L);
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", protocol);
        properties.setProperty("mail." + protocol + ".host", config.host().trim());
        properties.setProperty("mail." + protocol + ".port", Integer.toString(config.port()));
        properties.setProperty("mail." + protocol + ".connectiontimeout", timeout);
        properties.setProperty("mail." + protocol + ".timeout", timeout);
        properties.setProperty("mail." + protocol + ".writetimeout", timeout);
        if (config.security() == MailConfig.Security.starttls) {
            properties.setProperty("mail.smtp.starttls.enable", "true");
            properties.setProperty("mail.smtp.starttls.required", "true");
        }
        if (config.security() != MailConfig.Security.none) {
            properties.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        Authenticator authenticator = null;
        if (config.user() != null && !config.user().isBlank()) {
            properties.setProperty("mail." + protocol + ".auth", "true");
            String user = config.user().trim();
            String password = config._password();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        if (config.security() == MailConfig.Security.none && authenticator != null) {
            LOG.warn("{}: security=none sends the SMTP password unencrypted to {}", MailConfig.PID, config.host());
        }
        LOG.info("Password-reset mail goes through {}:{} ({}) from {}", config.host().trim(), config.port(),
                config.security(), from.getAddress());
        Authenticator auth = authenticator;
        return new Settings(inMailClassLoader(() -> Session.getInstance(properties, auth)), from);
    }

    /** Runs {@code work} with the mail bundle's class loader as the thread's context class loader. */
    private static <T, E extends Exception> T inMailClassLoader(MailWork<T, E> work) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Session.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @FunctionalInterface
    private interface MailWork<T, E extends Exception> {
        T run() throws E;
    }

    @Override
    public void send(String to, String subject, String text) throws IOException {
        Settings current = settings;
        try {
            inMailClassLoader(() -> {
                sendNow(current, to, subject, text);
                return null;
            });
        } catch (MessagingException e) {
            throw new IOException("the mail server did not take the mail: " + e.getMessage(), e);
        }
    }

    private static void sendNow(Settings current, String to, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(current.session);
        message.setFrom(current.from);
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(UserNames.requireValidEmail(to)));
        message.setSubject(subject, "UTF-8");
        message.setSentDate(new Date());
        message.setDataHandler(new DataHandler(new ByteArrayDataSource(text.getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=UTF-8")));
        message.setHeader("Content-Transfer-Encoding", "quoted-printable");
        Transport.send(message);
    }

    private static final class Settings {
        final Session session;
        final InternetAddress from;

        Settings(Session session, InternetAddress from) {
            this.session = session;
            this.from = from;
        }
    }
}
