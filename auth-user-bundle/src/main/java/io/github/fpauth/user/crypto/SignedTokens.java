package io.github.fpauth.user.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that carry a few text fields and an HMAC-SHA256 over them and over values they are
 * bound to but do not carry (e.g. the account's current password hash):
 * {@code BASE64URL(fields joined by LF) "." BASE64URL(mac)}. Whoever holds the key can check
 * one; nobody else can make or alter one. Verification is in two steps, because the bound
 * values are found from the fields: {@link #parse}, then {@link Parsed#isSignedFor}.
 */
public final class SignedTokens {

    private static final String HMAC = "HmacSHA256";
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public SignedTokens(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /** A token of {@code fields} (no line feeds in them), bound to {@code bindings}. */
    public String sign(List<String> fields, String... bindings) {
        String payload = String.join("\n", fields);
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(mac(payload, bindings));
    }

    /** The token's fields, not yet verified; empty when it is not a token of {@code fieldCount} fields. */
    public Optional<Parsed> parse(String token, int fieldCount) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            List<String> fields = List.of(payload.split("\n", -1));
            return fields.size() == fieldCount ? Optional.of(new Parsed(payload, fields, signature)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A token's fields, to be trusted only once {@link #isSignedFor} says so. */
    public final class Parsed {
        private final String payload;
        private final List<String> fields;
        private final byte[] signature;

        Parsed(String payload, List<String> fields, byte[] signature) {
            this.payload = payload;
            this.fields = fields;
            this.signature = signature;
        }

        public String field(int index) {
            return fields.get(index);
        }

        /** Whether the token was signed with this key for these fields and {@code bindings} (constant time). */
        public boolean isSignedFor(String... bindings) {
            return MessageDigest.isEqual(signature, mac(payload, bindings));
        }
    }

    private byte[] mac(String payload, String... bindings) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(payload.getBytes(StandardCharsets.UTF_8));
            for (String binding : bindings) {
                // a separator no field or binding holds first, so that values cannot shift between positions
                mac.update((byte) 0);
                mac.update(binding.getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    }
}
