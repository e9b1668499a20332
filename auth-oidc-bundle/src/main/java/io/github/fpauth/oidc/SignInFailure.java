package io.github.fpauth.oidc;

/**
 * A sign-in that cannot go on: the status and message of the page the browser gets, and the
 * reason for the log line (never a secret, a code or a token).
 */
final class SignInFailure extends Exception {

    private static final long serialVersionUID = 1L;

    final int status;
    final String userMessage;

    SignInFailure(int status, String userMessage, String reason) {
        super(reason);
        this.status = status;
        this.userMessage = userMessage;
    }

    SignInFailure(int status, String userMessage, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.userMessage = userMessage;
    }
}
