package io.github.fpauth.user.token;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.store.AtomicFile;
import io.github.fpauth.user.store.UserStoreException;

/**
 * The access tokens, persisted in one file next to the users.
 *
 * <p>As the user store: reads are lock-free over an immutable snapshot keyed by the secret's
 * hash; writes are serialized, written atomically ({@link AtomicFile}) and only then published.
 * Last-used times change in memory only; {@link #flush} writes them when they changed.
 */
public final class TokenStore {

    private final AtomicFile file;
    private final Object writeLock = new Object();
    private final AtomicBoolean usageDirty = new AtomicBoolean();
    private volatile Map<SecretHash, AccessToken> byHash;

    private TokenStore(AtomicFile file, List<AccessToken> loaded) {
        this.file = file;
        Map<SecretHash, AccessToken> initial = new HashMap<>();
        for (AccessToken token : loaded) {
            initial.put(token.hash(), token);
        }
        this.byHash = Collections.unmodifiableMap(initial);
    }

    /**
     * Loads the store kept in {@code path}; a missing file is an empty store.
     *
     * @throws UserStoreException naming the file when it exists but cannot be read or is invalid
     */
    public static TokenStore open(Path path) {
        AtomicFile file = new AtomicFile(path);
        Optional<byte[]> content;
        try {
            content = file.read();
        } catch (IOException e) {
            throw new UserStoreException("cannot read the token store " + file.path() + ": " + e, e);
        }
        if (content.isEmpty()) {
            return new TokenStore(file, List.of());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content.get()))
                    .toString();
            return new TokenStore(file, TokenStoreFormat.read(text));
        } catch (CharacterCodingException e) {
            throw new UserStoreException("the token store " + file.path() + " is corrupt: not UTF-8 text", e);
        } catch (IllegalArgumentException e) {
            throw new UserStoreException("the token store " + file.path() + " is corrupt: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return file.path();
    }

    /** The token whose secret has this hash, else {@code null}. Lock-free. */
    public AccessToken byHash(SecretHash hash) {
        return byHash.get(hash);
    }

    /** A user's tokens, by name. */
    public List<AccessToken> tokensOf(String owner) {
        List<AccessToken> tokens = new ArrayList<>();
        for (AccessToken token : byHash.values()) {
            if (token.owner().equals(owner)) {
                tokens.add(token);
            }
        }
        tokens.sort(Comparator.comparing(AccessToken::name));
        return tokens;
    }

    public int size() {
        return byHash.size();
    }

    /** Records a use in memory; {@link #flush} persists it later. */
    public void markUsed(AccessToken token, long nowEpochSecond) {
        if (token.markUsed(nowEpochSecond)) {
            usageDirty.set(true);
        }
    }

    /**
     * Adds a token, unless {@code refuse} says why not (it sees the owner's current tokens).
     *
     * @throws IllegalArgumentException with the refusal
     * @throws UserStoreException       when the file cannot be written; nothing changed then
     */
    public void add(AccessToken token, java.util.function.Function<List<AccessToken>, String> refuse) {
        synchronized (writeLock) {
            String refusal = refuse.apply(tokensOf(token.owner()));
            if (refusal != null) {
                throw new IllegalArgumentException(refusal);
            }
            if (byHash.containsKey(token.hash())) {
                throw new IllegalStateException("token hash collision"); // 2^-256: a broken random source
            }
            Map<SecretHash, AccessToken> next = new HashMap<>(byHash);
            next.put(token.hash(), token);
            publish(next);
        }
    }

    /**
     * Removes the tokens matching {@code which}.
     *
     * @return the tokens removed
     */
    public List<AccessToken> remove(Predicate<AccessToken> which) {
        synchronized (writeLock) {
            Map<SecretHash, AccessToken> next = new HashMap<>(byHash);
            List<AccessToken> removed = new ArrayList<>();
            next.values().removeIf(token -> {
                if (which.test(token)) {
                    removed.add(token);
                    return true;
                }
                return false;
            });
            if (!removed.isEmpty()) {
                publish(next);
            }
            return removed;
        }
    }

    /** Writes the last-used times if any changed since the last write. */
    public void flush() {
        if (!usageDirty.getAndSet(false)) {
            return;
        }
        synchronized (writeLock) {
            try {
                write(byHash);
            } catch (UserStoreException e) {
                usageDirty.set(true);
                throw e;
            }
        }
    }

    // guarded by writeLock
    private void publish(Map<SecretHash, AccessToken> next) {
        usageDirty.set(false); // the write below carries the current last-used times too
        try {
            write(next);
        } catch (UserStoreException e) {
            usageDirty.set(true);
            throw e;
        }
        byHash = Collections.unmodifiableMap(next);
    }

    private void write(Map<SecretHash, AccessToken> tokens) {
        List<AccessToken> sorted = new ArrayList<>(tokens.values());
        sorted.sort(Comparator.comparing(AccessToken::owner).thenComparing(AccessToken::name));
        try {
            file.write(TokenStoreFormat.write(sorted).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserStoreException("cannot write the token store " + file.path() + ": " + e, e);
        }
    }
}
