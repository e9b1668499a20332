package io.github.fpauth.user.session;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * The sessions file: a header line, then one session a line, tab-separated:
 * {@code hash publicId user created lastSeen r|s csrfToken address userAgent}, the hash the
 * SHA-256 of the secret in unpadded base64url, times in epoch milliseconds, text fields
 * URL-encoded (so no tab or line end can appear inside one).
 *
 * <p>A line that does not parse is skipped with a warning: that session ends, which is the safe
 * side of a damaged file.
 */
final class SessionFileFormat {

    static final String HEADER = "# fpauth sessions v1";

    private static final Logger LOG = LoggerFactory.getLogger(SessionFileFormat.class);
    private static final int FIELDS = 9;

    private SessionFileFormat() {
    }

    static String write(Collection<Session> sessions) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Session s : sessions) {
            out.append(s.secretHash().toBase64Url()).append('\t')
                    .append(s.publicId()).append('\t')
                    .append(encode(s.user())).append('\t')
                    .append(s.createdMillis()).append('\t')
                    .append(s.lastSeenMillis()).append('\t')
                    .append(s.rememberMe() ? 'r' : 's').append('\t')
                    .append(s.csrfToken()).append('\t')
                    .append(encode(s.clientAddress())).append('\t')
                    .append(encode(s.userAgent())).append('\n');
        }
        return out.toString();
    }

    static List<Session> read(String text) {
        List<Session> sessions = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                sessions.add(parse(line));
            } catch (RuntimeException e) {
                LOG.warn("Skipping line {} of the sessions file: {}", i + 1, e.getMessage());
            }
        }
        return sessions;
    }

    private static Session parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("expected " + FIELDS + " fields, found " + f.length);
        }
        if (!f[5].equals("r") && !f[5].equals("s")) {
            throw new IllegalArgumentException("bad remember-me flag");
        }
        if (f[0].isEmpty() || f[1].isEmpty() || f[6].isEmpty()) {
            throw new IllegalArgumentException("empty hash, id or token");
        }
        return new Session(SecretHash.fromBase64Url(f[0]), f[1], decode(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5].equals("r"),
                decode(f[7]), decode(f[8]), f[6]);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
