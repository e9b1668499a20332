package io.github.fpauth.user.web.form;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the fields of a submitted form, strictly: a field given twice or longer than
 * {@link #MAX_LENGTH} is refused, and every refusal is an {@link IllegalArgumentException} whose
 * message can be shown to the person who sent the form (the pages answer it with 400).
 */
public final class FormFields {

    private static final Logger LOG = LoggerFactory.getLogger(FormFields.class);

    /** No field of ours is longer; a password is at most 1024. */
    public static final int MAX_LENGTH = 2048;

    private final HttpServletRequest request;

    public FormFields(HttpServletRequest request) {
        this.request = request;
    }

    /**
     * Parses the query string and the form body now and answers 400 when they cannot be parsed
     * (broken percent-encoding, a body over the container's size limit): left to the first
     * {@code getParameter}, the container's failure would end the request as a 500.
     *
     * @return whether the request was refused (the response is then complete)
     */
    public static boolean refuseUnparsable(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            request.getParameterMap();
            return false;
        } catch (RuntimeException e) {
            // The exception's message may quote the input (a password's characters): not logged.
            LOG.info("Refused {} {} from {}: unreadable query string or form body ({})", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), e.getClass().getSimpleName());
            if (!response.isCommitted()) {
                response.reset();
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Malformed query string or form body");
            }
            return true;
        }
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
