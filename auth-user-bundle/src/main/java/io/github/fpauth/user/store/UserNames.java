package io.github.fpauth.user.store;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What user names, roles and display names may hold. A user name must travel through HTTP Basic
 * (no colon, RFC 7617) and show unambiguously in lists and logs (no spaces, no control characters).
 */
public final class UserNames {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_ROLE_LENGTH = 64;
    public static final int MAX_DISPLAY_NAME_LENGTH = 128;

    private UserNames() {
    }

    /** Cheap check for the request path: could a user by this name exist? */
    public static boolean isValidName(String name) {
        return problemWithName(name) == null;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static String requireValidName(String name) {
        String problem = problemWithName(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static String requireValidRole(String role) {
        if (role == null || role.isEmpty()) {
            throw new IllegalArgumentException("a role must not be empty");
        }
        if (role.length() > MAX_ROLE_LENGTH) {
            throw new IllegalArgumentException("a role must be at most " + MAX_ROLE_LENGTH + " characters long");
        }
        for (int i = 0; i < role.length(); i++) {
            char c = role.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == ',') {
                throw new IllegalArgumentException(
                        "a role must not contain spaces, commas or control characters: '" + printable(role) + "'");
            }
        }
        return role;
    }

    /** Validated, sorted, duplicates removed, unmodifiable. */
    public static SortedSet<String> requireValidRoles(Collection<String> roles) {
        SortedSet<String> valid = new TreeSet<>();
        for (String role : roles) {
            valid.add(requireValidRole(role));
        }
        return Collections.unmodifiableSortedSet(valid);
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static String requireValidDisplayName(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("a display name must not be empty");
        }
        if (displayName.length() > MAX_DISPLAY_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "a display name must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters long");
        }
        for (int i = 0; i < displayName.length(); i++) {
            if (Character.isISOControl(displayName.charAt(i))) {
                throw new IllegalArgumentException("a display name must not contain control characters");
            }
        }
        return displayName;
    }

    /** Longest email address (RFC 5321 path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;

    /**
     * An address mail can go to: {@code local@domain}, printable ASCII without spaces, quotes,
     * angle brackets or commas (nothing that could add a recipient or a header), a dot in the domain.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String requireValidEmail(String email) {
        if (email == null || email.isEmpty() || email.length() > MAX_EMAIL_LENGTH
                || !email.matches("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw new IllegalArgumentException("not an email address (local@domain.tld, at most " + MAX_EMAIL_LENGTH
                    + " characters): '" + printable(email == null ? "" : email) + "'");
        }
        return email;
    }

    private static String problemWithName(String name) {
        if (name == null || name.isEmpty()) {
            return "a user name must not be empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "a user name must be at most " + MAX_NAME_LENGTH + " characters long";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == ':') {
                return "a user name must not contain spaces, colons or control characters: '" + printable(name) + "'";
            }
        }
        return null;
    }

    /** The value with control characters escaped, safe to put in a message or a log line. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
