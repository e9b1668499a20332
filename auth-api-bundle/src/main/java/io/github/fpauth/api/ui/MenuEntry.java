package io.github.fpauth.api.ui;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An entry of the user menu (FastPluggy's {@code get_user_menu_entries}): a link, or a button that
 * POSTs a small form (e.g. "Log out" with its CSRF token), since a GET must never change state.
 */
public final class MenuEntry {

    private final String label;
    private final String target;
    private final boolean post;
    private final Map<String, String> formFields;

    private MenuEntry(String label, String target, boolean post, Map<String, String> formFields) {
        this.label = requireText(label, "label");
        this.target = requireText(target, "target");
        this.post = post;
        this.formFields = formFields;
    }

    /** A link to {@code href} (a same-origin path such as {@code /profile}). */
    public static MenuEntry link(String label, String href) {
        return new MenuEntry(label, href, false, Map.of());
    }

    /** A button posting {@code fields} (e.g. a CSRF token) to {@code action}. */
    public static MenuEntry postButton(String label, String action, Map<String, String> fields) {
        return new MenuEntry(label, action, true,
                Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields"))));
    }

    public String label() {
        return label;
    }

    /** The link's href, or the form's action. */
    public String target() {
        return target;
    }

    /** A POST form rather than a link. */
    public boolean isPost() {
        return post;
    }

    /** Hidden fields of the POST form, in order; empty for a link. */
    public Map<String, String> formFields() {
        return formFields;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MenuEntry)) {
            return false;
        }
        MenuEntry other = (MenuEntry) o;
        return post == other.post && label.equals(other.label) && target.equals(other.target)
                && formFields.equals(other.formFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, target, post, formFields);
    }

    @Override
    public String toString() {
        return (post ? "POST " : "") + label + " -> " + target;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a menu entry's " + what + " must not be empty");
        }
        return value;
    }
}
