package io.github.fpauth.user.web;

/**
 * Decides where a login may send the browser next: only to a path of this origin. Anything
 * else (a scheme, a host, {@code //}, a backslash, control characters, before or after
 * percent-decoding) goes to {@code /}: an open redirect would lend our login page to phishing.
 */
public final class SafeRedirect {

    public static final String HOME = "/";
    private static final int MAX_LENGTH = 2048;
    private static final int MAX_DECODE_ROUNDS = 3;

    private SafeRedirect() {
    }

    /** {@code next} when it is a safe same-origin path, else {@value #HOME}. */
    public static String target(String next) {
        return isSafe(next) ? next : HOME;
    }

    public static boolean isSafe(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            // Printable ASCII only in a Location header; the rest must come percent-encoded.
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        String value = next;
        for (int round = 0; round <= MAX_DECODE_ROUNDS; round++) {
            if (!isSafeForm(value)) {
                return false;
            }
            String decoded = percentDecode(value);
            if (decoded == null) {
                return false;
            }
            if (decoded.equals(value)) {
                return true;
            }
            value = decoded;
        }
        return false; // still changing after several rounds: nobody legitimate encodes like that
    }

    private static boolean isSafeForm(String value) {
        if (value.isEmpty() || value.charAt(0) != '/') {
            return false; // no scheme ("javascript:", "https:"), no relative path
        }
        if (value.length() > 1 && (value.charAt(1) == '/' || value.charAt(1) == '\\')) {
            return false; // "//host" and "/\host" are hosts to browsers
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7F || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Decodes %XX escapes byte-wise (as Latin-1 is enough to see the ASCII that matters); null when malformed. */
    private static String percentDecode(String value) {
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
            if (i + 2 >= value.length()) {
                return null;
            }
            int hi = Character.digit(value.charAt(i + 1), 16);
            int lo = Character.digit(value.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.append((char) (hi << 4 | lo));
            i += 2;
        }
        return out.toString();
    }
}
