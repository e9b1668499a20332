package io.github.fpauth.api;

/** Role names with a meaning of their own in fpauth. */
public final class Roles {

    /** Guards the administration routes; a user holding it {@linkplain AuthUser#isAdmin() is an admin}. */
    public static final String ADMIN = "fp_admin";

    private Roles() {
    }
}
