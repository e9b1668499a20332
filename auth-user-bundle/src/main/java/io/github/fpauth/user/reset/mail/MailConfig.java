package io.github.fpauth.user.reset.mail;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The SMTP server of password-reset mail, PID {@value #PID}: "Forgot password?" exists only while it is configured. */
@ObjectClassDefinition(id = MailConfig.PID, name = "fpauth auth-user mail",
        description = "The SMTP server that sends password-reset links (needs the Jakarta Mail bundle)")
public @interface MailConfig {

    String PID = "io.github.fpauth.user.mail";

    /** How the connection is protected. */
    enum Security {
        /** Plain connection upgraded with STARTTLS, which is required (port 587). */
        starttls,
        /** TLS from the first byte (port 465). */
        tls,
        /** No TLS at all: only for a relay on the same host or a test server. */
        none
    }

    @AttributeDefinition(name = "SMTP host")
    String host();

    @AttributeDefinition(name = "SMTP port", min = "1", max = "65535")
    int port() default 587;

    @AttributeDefinition(name = "Security", options = {@Option(label = "STARTTLS (required)", value = "starttls"),
        @Option(label = "TLS", value = "tls"), @Option(label = "None (local relay or tests only)", value = "none")})
    Security security() default Security.starttls;

    @AttributeDefinition(name = "User", description = "Empty: no authentication")
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String _password() default "";

    @AttributeDefinition(name = "Sender", description = "The From address, e.g. fpauth@example.org")
    String from();

    @AttributeDefinition(name = "Timeout (seconds)", min = "1", max = "120",
            description = "Connecting, reading and writing each give up after this long")
    int timeoutSeconds() default 10;
}
