package io.github.fpauth.user.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user store's text format, version 2 (UTF-8, LF line ends):
 *
 * <pre>
 * fpauth-user-store&#9;2
 * user&#9;name=admin&#9;displayName=admin&#9;roles=fp_admin&#9;enabled=true&#9;password=$pbkdf2-sha256$...
 * user&#9;name=bob&#9;...&#9;password=$pbkdf2-sha256$...&#9;secondFactor=sealed1:...&#9;email=bob@example.org
 * end&#9;2
 * </pre>
 *
 * <p>A header naming format and version, one tab-separated {@code key=value} record per user,
 * and a trailer counting the records so a truncated file is recognised. Values are
 * percent-encoded where they could break the layout ({@code %} and control characters, which
 * include tab and line ends); a field is split at its first {@code =}; roles, which cannot hold
 * commas, are comma-separated. Reading is strict: anything unexpected is an error,
 * never skipped, so a damaged store is never taken for a smaller one.
 *
 * <p>Version 2 adds the optional fields {@code secondFactor} (sealed text) and {@code email}; version 3 the
 * optional field {@code linked}: the account's {@link LinkedIdentities}, comma-separated (commas in them
 * percent-encoded). Older files are read as they are. A write uses the oldest version that holds its content,
 * so a store without linked identities stays readable by bundles that know only version 2.
 */
public final class UserStoreFormat {

    public static final String MAGIC = "fpauth-user-store";
    public static final int VERSION = 3;
    private static final int VERSION_WITHOUT_LINKS = 2;
    private static final int FIRST_VERSION = 1;

    private static final String USER = "user";
    private static final String END = "end";
    private static final List<String> KEYS = List.of("name", "displayName", "roles", "enabled", "password");
    private static final String SECOND_FACTOR = "secondFactor";
    private static final String EMAIL = "email";
    private static final String LINKED = "linked";

    private UserStoreFormat() {
    }

    /** The file's content for these users, in the given order. */
    public static String write(Collection<User> users) {
        StringBuilder out = new StringBuilder(128 + users.size() * 192);
        boolean linked = users.stream().anyMatch(user -> !user.linkedIdentities().isEmpty());
        out.append(MAGIC).append('\t').append(linked ? VERSION : VERSION_WITHOUT_LINKS).append('\n');
        for (User user : users) {
            out.append(USER);
            field(out, "name", encode(user.name()));
            field(out, "displayName", encode(user.displayName()));
            StringBuilder roles = new StringBuilder();
            for (String role : user.roles()) {
                roles.append(roles.length() == 0 ? "" : ",").append(encode(role));
            }
            field(out, "roles", roles.toString());
            field(out, "enabled", Boolean.toString(user.isEnabled()));
            field(out, "password", encode(user.passwordHash()));
            if (user.hasSecondFactor()) {
                field(out, SECOND_FACTOR, encode(user.secondFactor()));
            }
            if (user.email() != null) {
                field(out, EMAIL, encode(user.email()));
            }
            if (!user.linkedIdentities().isEmpty()) {
                StringBuilder identities = new StringBuilder();
                for (String identity : user.linkedIdentities()) {
                    identities.append(identities.length() == 0 ? "" : ",")
                            .append(encode(identity).replace(",", "%2c"));
                }
                field(out, LINKED, identities.toString());
            }
            out.append('\n');
        }
        out.append(END).append('\t').append(users.size()).append('\n');
        return out.toString();
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append('\t').append(key).append('=').append(value);
    }

    /**
     * Reads a whole file's content.
     *
     * @throws IllegalArgumentException saying what is wrong and on which line
     */
    public static List<User> read(String content) {
        if (!content.endsWith("\n")) {
            throw new IllegalArgumentException("the file does not end with a complete line (truncated?)");
        }
        String[] lines = content.substring(0, content.length() - 1).split("\n", -1);
        String[] header = lines[0].split("\t", -1);
        if (header.length != 2 || !MAGIC.equals(header[0])) {
            throw new IllegalArgumentException("line 1: not an fpauth user store (expected '" + MAGIC + "<TAB>"
                    + VERSION + "')");
        }
        int version = -1;
        for (int known = FIRST_VERSION; known <= VERSION; known++) {
            if (String.valueOf(known).equals(header[1])) {
                version = known;
            }
        }
        if (version < 0) {
            throw new IllegalArgumentException("line 1: unsupported format version '" + UserNames.printable(header[1])
                    + "' (this bundle reads versions " + FIRST_VERSION + " to " + VERSION + ")");
        }
        List<User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            int lineNumber = i + 1;
            String[] fields = lines[i].split("\t", -1);
            if (END.equals(fields[0])) {
                if (i != lines.length - 1) {
                    throw new IllegalArgumentException("line " + lineNumber + ": content after the end line");
                }
                if (fields.length != 2 || !String.valueOf(users.size()).equals(fields[1])) {
                    throw new IllegalArgumentException("line " + lineNumber + ": the end line does not count "
                            + users.size() + " users");
                }
                return users;
            }
            if (!USER.equals(fields[0])) {
                throw new IllegalArgumentException("line " + lineNumber + ": unknown record '"
                        + UserNames.printable(fields[0]) + "'");
            }
            User user;
            try {
                user = user(Arrays.copyOfRange(fields, 1, fields.length), version);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
            }
            if (!names.add(user.name())) {
                throw new IllegalArgumentException("line " + lineNumber + ": user '" + user.name()
                        + "' appears twice");
            }
            users.add(user);
        }
        throw new IllegalArgumentException("no end line (truncated?)");
    }

    private static User user(String[] fields, int version) {
        Map<String, String> values = new HashMap<>();
        for (String field : fields) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            if (eq < 0 || !(KEYS.contains(key) || version >= 2 && (SECOND_FACTOR.equals(key) || EMAIL.equals(key))
                    || version >= 3 && LINKED.equals(key))) {
                throw new IllegalArgumentException("unknown field '" + UserNames.printable(key) + "'");
            }
            if (values.put(key, field.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("field '" + key + "' appears twice");
            }
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("field '" + key + "' is missing");
            }
        }
        String enabled = values.get("enabled");
        if (!"true".equals(enabled) && !"false".equals(enabled)) {
            throw new IllegalArgumentException("field 'enabled' must be true or false");
        }
        List<String> roles = new ArrayList<>();
        if (!values.get("roles").isEmpty()) {
            for (String role : values.get("roles").split(",", -1)) {
                roles.add(decode(role));
            }
        }
        String secondFactor = values.get(SECOND_FACTOR);
        String email = values.get(EMAIL);
        List<String> linked = new ArrayList<>();
        if (values.containsKey(LINKED)) {
            for (String identity : values.get(LINKED).split(",", -1)) {
                linked.add(decode(identity));
            }
        }
        return User.create(decode(values.get("name")), decode(values.get("displayName")), roles,
                Boolean.parseBoolean(enabled), decode(values.get("password")),
                secondFactor == null ? null : decode(secondFactor), email == null ? null : decode(email), linked);
    }

    static String encode(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean escape = c == '%' || Character.isISOControl(c); // control characters include tab and line ends
            if (escape && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escape) {
                out.append('%').append(Character.forDigit(c >> 4 & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    static String decode(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("raw control character in a value");
            }
        }
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("bad percent-encoding");
            }
            out.append((char) (hi << 4 | lo));
            i += 2;
        }
        return out.toString();
    }
}
