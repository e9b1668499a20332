package io.github.fpauth.user.password;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK, stored as
 * {@code $pbkdf2-sha256$i=<iterations>$<base64 salt>$<base64 hash>} (RFC 4648 base64, no padding).
 *
 * <p>Passwords are Unicode NFC-normalised first, so the same password typed on different
 * keyboards matches. Thread-safe.
 */
public final class Pbkdf2PasswordHasher implements PasswordHasher {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; configuration never goes lower. */
    public static final int MIN_ITERATIONS = 600_000;
    /** Bounds the work one stored value can demand, even from a tampered store. */
    public static final int MAX_ITERATIONS = 10_000_000;

    static final String PREFIX = "$pbkdf2-sha256$";
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private final int iterations;
    private final SecureRandom random;

    /**
     * @param iterations at least 1; production code passes at least {@link #MIN_ITERATIONS}
     *                   (tests use fewer to stay fast)
     */
    public Pbkdf2PasswordHasher(int iterations, SecureRandom random) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS);
        }
        this.iterations = iterations;
        this.random = random;
    }

    public Pbkdf2PasswordHasher(int iterations) {
        this(iterations, new SecureRandom());
    }

    public int iterations() {
        return iterations;
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return format(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    @Override
    public boolean verify(String password, String stored) {
        Parsed parsed = Parsed.of(stored);
        if (parsed == null) {
            return false;
        }
        byte[] actual = derive(password, parsed.salt, parsed.iterations, parsed.hash.length);
        return MessageDigest.isEqual(actual, parsed.hash);
    }

    @Override
    public boolean needsRehash(String stored) {
        Parsed parsed = Parsed.of(stored);
        return parsed == null || parsed.iterations < iterations || parsed.salt.length < SALT_BYTES
                || parsed.hash.length < HASH_BYTES;
    }

    @Override
    public String dummyHash() {
        // Random "hash" bytes: no password derives them, and nothing needs computing up front.
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BYTES];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return format(iterations, salt, hash);
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "i=" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        char[] chars = Normalizer.normalize(password, Normalizer.Form.NFC).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
        try {
            // SunJCE encodes the password chars as UTF-8.
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** A stored value taken apart; {@code null} from {@link #of} when it is not ours or out of bounds. */
    private static final class Parsed {
        final int iterations;
        final byte[] salt;
        final byte[] hash;

        private Parsed(int iterations, byte[] salt, byte[] hash) {
            this.iterations = iterations;
            this.salt = salt;
            this.hash = hash;
        }

        static Parsed of(String stored) {
            if (stored == null || !stored.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3 || !parts[0].startsWith("i=")) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[0].substring(2));
                Base64.Decoder b64 = Base64.getDecoder();
                byte[] salt = b64.decode(parts[1]);
                byte[] hash = b64.decode(parts[2]);
                if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length < 8 || salt.length > 64
                        || hash.length < 16 || hash.length > 64) {
                    return null;
                }
                return new Parsed(iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
