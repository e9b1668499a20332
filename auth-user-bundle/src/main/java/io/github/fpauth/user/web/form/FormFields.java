package io.github.fpauth.user.web.form;

import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletRequest;

/**
 * Reads the fields of a submitted form, strictly: a field given twice or longer than
 * {@link #MAX_LENGTH} is refused, and every refusal is an {@link IllegalArgumentException} whose
 * message can be shown to the person who sent the form (the pages answer it with 400).
 */
public final class FormFields {

    /** No field of ours is longer; a password is at most 1024. */
    public static final int MAX_LENGTH = 2048;

    private final HttpServletRequest request;

    public FormFields(HttpServletRequest request) {
        this.request = request;
    }

    /** The raw value (not trimmed: passwords keep their spaces), {@code null} when absent. */
    public String raw(String name) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new IllegalArgumentException("the field '" + name + "' was sent more than once");
        }
        if (values[0].length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the field '" + name + "' is too long");
        }
        return values[0];
    }

    /** The trimmed value, or "" when absent. */
    public String optional(String name) {
        String value = raw(name);
        return value == null ? "" : value.strip();
    }

    /** The trimmed value, which must not be empty. */
    public String required(String name, String label) {
        String value = optional(name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(label + " is required");
        }
        return value;
    }

    /** The untrimmed value, which must not be empty. */
    public String secret(String name, String label) {
        String value = raw(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(label + " is required");
        }
        return value;
    }

    /** Words separated by commas or spaces; empty when absent. */
    public List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String word : optional(name).split("[,\\s]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** A whole number in {@code [min, max]}; {@code absent} when the field is absent or empty. */
    public int number(String name, String label, int min, int max, int absent) {
        String value = optional(name);
        if (value.isEmpty()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // same message below
        }
        throw new IllegalArgumentException(label + " must be a whole number from " + min + " to " + max);
    }
}
