package io.github.fpauth.user.session;

/** A session just started, with the secret the browser gets once as its cookie value. */
public final class NewSession {

    private final Session session;
    private final String secret;
    private final long cookieMaxAgeSeconds;

    NewSession(Session session, String secret, long cookieMaxAgeSeconds) {
        this.session = session;
        this.secret = secret;
        this.cookieMaxAgeSeconds = cookieMaxAgeSeconds;
    }

    /** The cookie's Max-Age: {@code -1} for a browser-session cookie (no "remember me"). */
    public long cookieMaxAgeSeconds() {
        return cookieMaxAgeSeconds;
    }

    public Session session() {
        return session;
    }

    /** The cookie value; never logged, never stored. */
    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "NewSession[" + session + "]";
    }
}
