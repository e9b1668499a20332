package io.github.fpauth.user.reset;

import java.io.IOException;

/**
 * Sends one plain-text mail. A service of this bundle, registered only while mail is configured
 * (PID {@value io.github.fpauth.user.reset.mail.MailConfig#PID}); "Forgot password?" exists only
 * while it does. Free of Jakarta Mail types, so that the rest of the bundle runs without it.
 */
public interface ResetMail {

    /** @throws IOException when the mail server refused it or could not be reached */
    void send(String to, String subject, String text) throws IOException;
}
