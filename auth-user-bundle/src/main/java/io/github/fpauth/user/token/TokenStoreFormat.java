package io.github.fpauth.user.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.fpauth.user.crypto.SecretHash;

/**
 * The text format of the token store: a header line, one tab-separated line per token, and an
 * end line counting them, so a truncated file is recognised. Values need no escaping: owners
 * are user names and token names hold neither tabs, equal signs at the start, nor control
 * characters. Reading is strict: anything unexpected is an error, never skipped.
 */
public final class TokenStoreFormat {

    public static final String MAGIC = "fpauth-token-store";
    public static final int VERSION = 1;

    private static final String TOKEN = "token";
    private static final String END = "end";
    private static final List<String> KEYS = List.of("owner", "name", "sha256", "created", "expires", "lastUsed");

    private TokenStoreFormat() {
    }

    public static String write(Collection<AccessToken> tokens) {
        StringBuilder out = new StringBuilder(64 + tokens.size() * 160);
        out.append(MAGIC).append('\t').append(VERSION).append('\n');
        for (AccessToken token : tokens) {
            out.append(TOKEN)
                    .append("\towner=").append(token.owner())
                    .append("\tname=").append(token.name())
                    .append("\tsha256=").append(token.hash().toHex())
                    .append("\tcreated=").append(token.createdEpochSecond())
                    .append("\texpires=").append(token.expiresEpochSecond())
                    .append("\tlastUsed=").append(token.lastUsedEpochSecond())
                    .append('\n');
        }
        out.append(END).append('\t').append(tokens.size()).append('\n');
        return out.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong and on which line */
    public static List<AccessToken> read(String content) {
        if (!content.endsWith("\n")) {
            throw new IllegalArgumentException("the file does not end with a complete line (truncated?)");
        }
        String[] lines = content.substring(0, content.length() - 1).split("\n", -1);
        if (!(MAGIC + "\t" + VERSION).equals(lines[0])) {
            throw new IllegalArgumentException("line 1: not an fpauth token store of version " + VERSION);
        }
        List<AccessToken> tokens = new ArrayList<>();
        Set<SecretHash> hashes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split("\t", -1);
            if (END.equals(fields[0])) {
                if (i != lines.length - 1 || fields.length != 2 || !String.valueOf(tokens.size()).equals(fields[1])) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": bad end line");
                }
                return tokens;
            }
            if (!TOKEN.equals(fields[0]) || fields.length != KEYS.size() + 1) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not a token record");
            }
            AccessToken token;
            try {
                String[] values = new String[KEYS.size()];
                for (int k = 0; k < KEYS.size(); k++) {
                    String prefix = KEYS.get(k) + "=";
                    if (!fields[k + 1].startsWith(prefix)) {
                        throw new IllegalArgumentException("expected field '" + KEYS.get(k) + "'");
                    }
                    values[k] = fields[k + 1].substring(prefix.length());
                }
                token = new AccessToken(values[0], values[1], storedHash(values[2]), Long.parseLong(values[3]),
                        Long.parseLong(values[4]), Long.parseLong(values[5]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (!hashes.add(token.hash()) || !names.add(token.owner() + "\t" + token.name())) {
                throw new IllegalArgumentException("line " + (i + 1) + ": duplicate token");
            }
            tokens.add(token);
        }
        throw new IllegalArgumentException("no end line (truncated?)");
    }

    /**
     * The hash of a {@code sha256=} field, or {@code null} when it is not 64 lower-case hex digits
     * (the only spelling ever written): {@link AccessToken} refuses a {@code null} hash with the
     * reason, in the order it checks the fields, so a bad line is named as it always was.
     */
    private static SecretHash storedHash(String hex) {
        try {
            return SecretHash.fromHex(hex);
        } catch (IllegalArgumentException notAHash) {
            return null;
        }
    }
}
