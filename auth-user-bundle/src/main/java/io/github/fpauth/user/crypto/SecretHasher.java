package io.github.fpauth.user.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Hashes secrets on the request path: one SHA-256 digest per thread, reused, so a request
 * neither looks up a provider nor copies a digest (a clone is about 450 bytes), and no digest's
 * state is shared between threads. One per store; the digests are JDK objects, so a thread
 * keeping one after the bundle stops holds none of its classes.
 */
public final class SecretHasher {

    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(SecretHash::newDigest);

    /** The same as {@link SecretHash#of(String)}. */
    public SecretHash hash(String secret) {
        // digest() resets the digest for the next call.
        return SecretHash.digest(digests.get(), secret);
    }

    /**
     * SHA-256 of {@code key}, the name's length in UTF-8 bytes (four bytes, big-endian: ("ab", "c")
     * and ("a", "bc") differ), the name and the password, both UTF-8: a keyed digest of a pair of
     * credentials. For a 16-byte key and the credentials most clients send (up to 35 bytes) this is
     * one SHA-256 block, where an HMAC would take four.
     */
    public SecretHash hash(byte[] key, String name, String password) {
        byte[] message;
        if (isAscii(name) && isAscii(password)) {
            // Most credentials: their characters are their UTF-8 bytes, written straight in.
            message = new byte[key.length + 4 + name.length() + password.length()];
            int at = start(message, key, name.length());
            at = ascii(name, message, at);
            ascii(password, message, at);
        } else {
            byte[] nameBytes = utf8(name);
            byte[] passwordBytes = utf8(password);
            message = new byte[key.length + 4 + nameBytes.length + passwordBytes.length];
            int at = start(message, key, nameBytes.length);
            System.arraycopy(nameBytes, 0, message, at, nameBytes.length);
            System.arraycopy(passwordBytes, 0, message, at + nameBytes.length, passwordBytes.length);
        }
        return SecretHash.of(digests.get().digest(message));
    }

    /** Writes the key and the name's length; returns where the name goes. */
    private static int start(byte[] message, byte[] key, int nameLength) {
        System.arraycopy(key, 0, message, 0, key.length);
        int at = key.length;
        message[at++] = (byte) (nameLength >>> 24);
        message[at++] = (byte) (nameLength >>> 16);
        message[at++] = (byte) (nameLength >>> 8);
        message[at++] = (byte) nameLength;
        return at;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int ascii(String text, byte[] into, int at) {
        for (int i = 0; i < text.length(); i++) {
            into[at++] = (byte) text.charAt(i);
        }
        return at;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
