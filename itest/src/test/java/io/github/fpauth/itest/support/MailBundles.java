package io.github.fpauth.itest.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;

import org.ops4j.pax.exam.Option;

/**
 * Jakarta Mail (Eclipse Angus, API and SMTP in one bundle) and the activation API, which auth-user
 * needs for password-reset mail, and GreenMail, a real SMTP server started by the tests inside the
 * framework. From the files the build resolved ({@code fpauth.itest.bundle.<artifactId>}).
 */
public final class MailBundles {

    private MailBundles() {
    }

    public static Option mail() {
        return composite(file("jakarta.activation-api"), file("jakarta.mail"));
    }

    public static Option greenMail() {
        return file("greenmail");
    }

    private static Option file(String artifactId) {
        String path = RuntimeBundle.localFile(artifactId);
        if (path == null) {
            throw new IllegalStateException("set " + RuntimeBundle.LOCATION_PROPERTY_PREFIX + artifactId);
        }
        return bundle(path);
    }
}
