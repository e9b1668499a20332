package io.github.fpauth.core.firewall;

/**
 * Decides whether a raw (undecoded) request path is unambiguous: one that every component on the
 * way (Jetty, the whiteboard's matching, a servlet's own parsing) reads the same. Forms that have
 * let requests slip past path-based security elsewhere are refused, whatever the server would make
 * of them: path parameters, encoded separators, dot segments, empty segments, control characters,
 * broken percent-encoding.
 */
final class RequestTargetCheck {

    private RequestTargetCheck() {
    }

    /** The reason {@code rawPath} is refused, or null when it is fine. */
    static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null; // nothing to match against: the container answers as it would
        }
        if (rawPath.charAt(0) != '/') {
            return "path does not start with /";
        }
        int length = rawPath.length();
        for (int i = 0; i < length; i++) {
            char c = rawPath.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control character in path";
            }
            if (c > 0x7e) {
                return "non-ASCII character in path";
            }
            switch (c) {
            case ';':
                return "path parameter";
            case '\\':
                return "backslash in path";
            case '%':
                String encoded = encodedProblem(rawPath, i);
                if (encoded != null) {
                    return encoded;
                }
                i += 2;
                break;
            default:
                break;
            }
        }
        return segmentProblem(rawPath);
    }

    private static String encodedProblem(String path, int i) {
        if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
            return "invalid percent-encoding";
        }
        int value = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
        if (value < 0x20 || value == 0x7f) {
            return "encoded control character";
        }
        switch (value) {
        case '/':
            return "encoded slash";
        case '\\':
            return "encoded backslash";
        case '.':
            return "encoded dot";
        case '%':
            return "encoded percent";
        case ';':
            return "encoded path parameter";
        default:
            return null;
        }
    }

    private static String segmentProblem(String path) {
        int start = 1; // after the leading '/'
        int depth = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start; // the segment, compared in place: no substring per request
            boolean last = end == path.length();
            if (length == 0 && !last) {
                return "empty path segment";
            }
            boolean dot = length == 1 && path.charAt(start) == '.';
            boolean dotDot = length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.';
            if (dot || dotDot) {
                return depth == 0 && dotDot ? "path above the root" : "dot segment";
            }
            depth++;
            start = end + 1;
        }
        return null;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
