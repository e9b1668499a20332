package io.github.fpauth.user.crypto;

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
}
