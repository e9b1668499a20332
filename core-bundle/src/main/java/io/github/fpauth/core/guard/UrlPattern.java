package io.github.fpauth.core.guard;

/** Whiteboard URL patterns as the servlet specification (12.2) writes them. */
final class UrlPattern {

    private UrlPattern() {
    }

    /**
     * Whether a pattern is one every whiteboard implementation accepts: the context root ({@code ""}),
     * the default servlet ({@code /}), an extension ({@code *.ext}), a path prefix ({@code /p/*}) or an
     * exact path ({@code /p}), without {@code ?} and without a trailing {@code /}. Felix HTTP refuses a
     * filter when any one of its patterns is malformed: only well-formed patterns may share a filter.
     */
    static boolean isWellFormed(String pattern) {
        if (pattern == null || pattern.indexOf('?') >= 0) {
            return false;
        }
        if (pattern.isEmpty() || "/".equals(pattern)) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return pattern.length() > 2 && pattern.indexOf('/') < 0 && pattern.indexOf('*', 1) < 0;
        }
        if (!pattern.startsWith("/") || pattern.endsWith("/")) {
            return false;
        }
        int star = pattern.indexOf('*');
        return star < 0 || star == pattern.length() - 1 && pattern.charAt(star - 1) == '/';
    }
}
