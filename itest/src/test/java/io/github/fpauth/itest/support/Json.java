package io.github.fpauth.itest.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads fields of the small flat JSON documents the core answers ({@code /ready}, {@code /api/me}). */
public final class Json {

    private Json() {
    }

    /**
     * The raw value of {@code field}: {@code "text"} with its quotes, {@code true}, {@code null},
     * a number, or an array as written; {@code null} when the field is absent.
     */
    public static String field(String json, String field) {
        if (json == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(field)
                + "\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*\\]|true|false|null|-?[0-9.eE+-]+)")
                .matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** A JSON string literal, for comparing with {@link #field}. */
    public static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** The array value of {@code field} with all whitespace removed, e.g. {@code ["fp_admin"]}. */
    public static String compactArray(String json, String field) {
        String value = field(json, field);
        return value == null ? null : value.replaceAll("\\s+", "");
    }
}
