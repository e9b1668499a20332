package io.github.fpauth.user.store;

/** The user store file cannot be read, is not a valid store, or cannot be written. */
public class UserStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserStoreException(String message) {
        super(message);
    }

    public UserStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
