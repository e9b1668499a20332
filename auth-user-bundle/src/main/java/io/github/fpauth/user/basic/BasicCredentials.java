package io.github.fpauth.user.basic;

/** A user name and password taken from an {@code Authorization: Basic} header. */
public final class BasicCredentials {

    private final String username;
    private final String password;

    BasicCredentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Names the user only: a password must never reach a log line. */
    @Override
    public String toString() {
        return "BasicCredentials[" + username + ", password=***]";
    }
}
