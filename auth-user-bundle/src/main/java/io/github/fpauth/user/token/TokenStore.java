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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.crypto.SecretHash;
import io.github.fpauth.user.shared.Replica;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;
import io.github.fpauth.user.spi.TokenRow;
import io.github.fpauth.user.store.AtomicFile;
import io.github.fpauth.user.store.UserStoreException;

/**
 * The access tokens, persisted in one file next to the users.
 *
 * <p>As the user store: reads are lock-free over an immutable snapshot keyed by the secret's
 * hash; writes are serialized, written atomically ({@link AtomicFile}) and only then published.
 * Last-used times change in memory only; {@link #flush} writes them when they changed.
 *
 * <p>A {@linkplain #shared shared} store is a replica of a {@link SharedStore}'s tokens: adding
 * and removing go through the shared store's transaction, then the token is re-read, as tokens
 * announced by other nodes are. Last-used times are written in batches by {@link #flush}, and the
 * shared store keeps the latest of every node's.
 */
public final class TokenStore implements Replica {

    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    /** {@code null} for a shared store. */
    private final AtomicFile file;
    /** {@code null} for a file store. */
    private final SharedStoreTracker shared;
    // guarded by writeLock: the last-used times the shared store has from this node
    private final Map<SecretHash, Long> flushedUse = new HashMap<>();
    private final Object writeLock = new Object();
    private final AtomicBoolean usageDirty = new AtomicBoolean();
    private volatile Map<SecretHash, AccessToken> byHash;

    private TokenStore(AtomicFile file, SharedStoreTracker shared, List<AccessToken> loaded) {
        this.file = file;
        this.shared = shared;
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
            return new TokenStore(file, null, List.of());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content.get()))
                    .toString();
            return new TokenStore(file, null, TokenStoreFormat.read(text));
        } catch (CharacterCodingException e) {
            throw new UserStoreException("the token store " + file.path() + " is corrupt: not UTF-8 text", e);
        } catch (IllegalArgumentException e) {
            throw new UserStoreException("the token store " + file.path() + " is corrupt: " + e.getMessage(), e);
        }
    }

    /** A replica of the tracker's shared store: empty until the tracker loads it (register it). */
    public static TokenStore shared(SharedStoreTracker tracker) {
        return new TokenStore(null, tracker, List.of());
    }

    /** The file, {@code null} for a shared store. */
    public Path path() {
        return file == null ? null : file.path();
    }

    /** Where the tokens are, for log lines. */
    public String location() {
        return file == null ? "the shared store" : file.path().toString();
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

    /** Every token as a row of a shared store (to copy a file store into one). */
    public List<TokenRow> rows() {
        List<TokenRow> rows = new ArrayList<>();
        for (AccessToken token : byHash.values()) {
            rows.add(row(token));
        }
        return rows;
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
        if (shared != null) {
            try {
                SharedStore store = shared.store();
                store.insertToken(row(token), rows -> refuse.apply(tokens(rows)));
                refresh(store, token.hash().toHex());
            } catch (StoreUnavailableException e) {
                throw new UserStoreException("cannot store the token in the shared store: " + e.getMessage(), e);
            }
            return;
        }
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
     * Removes {@code owner}'s token named {@code name}, or all of them when {@code name} is
     * {@code null}.
     *
     * @return the tokens removed
     */
    public List<AccessToken> remove(String owner, String name) {
        if (shared == null) {
            return remove(t -> t.owner().equals(owner) && (name == null || t.name().equals(name)));
        }
        try {
            SharedStore store = shared.store();
            List<AccessToken> removed = new ArrayList<>();
            for (TokenRow row : store.deleteTokens(owner, name)) {
                AccessToken gone = refresh(store, row.secretHash());
                removed.add(gone != null ? gone : token(row));
            }
            return removed;
        } catch (StoreUnavailableException e) {
            throw new UserStoreException("cannot remove tokens from the shared store: " + e.getMessage(), e);
        }
    }

    private List<AccessToken> remove(Predicate<AccessToken> which) {
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
        if (shared != null) {
            flushShared();
            return;
        }
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

    // ---- shared store

    private void flushShared() {
        if (!usageDirty.getAndSet(false)) {
            return;
        }
        synchronized (writeLock) {
            Map<String, Long> used = new HashMap<>();
            Map<SecretHash, Long> sent = new HashMap<>();
            for (AccessToken token : byHash.values()) {
                long lastUsed = token.lastUsedEpochSecond();
                Long flushed = flushedUse.get(token.hash());
                if (lastUsed > 0 && (flushed == null || lastUsed > flushed)) {
                    used.put(token.hash().toHex(), lastUsed);
                    sent.put(token.hash(), lastUsed);
                }
            }
            if (used.isEmpty()) {
                return;
            }
            try {
                shared.store().recordTokensUsed(used);
            } catch (StoreUnavailableException e) {
                usageDirty.set(true);
                throw new UserStoreException("cannot record token use in the shared store: " + e.getMessage(), e);
            }
            flushedUse.putAll(sent);
        }
    }

    /** Re-reads one token (guarded here by writeLock); the token as held before when it is gone, else now. */
    private AccessToken refresh(SharedStore store, String secretHash) {
        SecretHash hash = SecretHash.fromHex(secretHash);
        if (hash == null) {
            return null;
        }
        synchronized (writeLock) {
            AccessToken held = byHash.get(hash);
            AccessToken stored = store.token(secretHash).map(TokenStore::tokenOrNull).orElse(null);
            if (stored == null) {
                if (held != null) {
                    Map<SecretHash, AccessToken> next = new HashMap<>(byHash);
                    next.remove(hash);
                    flushedUse.remove(hash);
                    byHash = Collections.unmodifiableMap(next);
                }
                return held;
            }
            if (held != null) {
                held.markUsed(stored.lastUsedEpochSecond()); // a token changes only in its last use
                return held;
            }
            Map<SecretHash, AccessToken> next = new HashMap<>(byHash);
            next.put(hash, stored);
            flushedUse.put(hash, stored.lastUsedEpochSecond());
            byHash = Collections.unmodifiableMap(next);
            return stored;
        }
    }

    @Override
    public void reload(SharedStore store) {
        synchronized (writeLock) {
            Map<SecretHash, AccessToken> next = new HashMap<>();
            for (TokenRow row : store.tokens()) {
                AccessToken stored = tokenOrNull(row);
                if (stored == null) {
                    continue;
                }
                AccessToken held = byHash.get(stored.hash());
                if (held != null) {
                    held.markUsed(stored.lastUsedEpochSecond());
                    stored = held;
                }
                next.put(stored.hash(), stored);
            }
            flushedUse.keySet().retainAll(next.keySet());
            byHash = Collections.unmodifiableMap(next);
        }
    }

    @Override
    public void changed(SharedStore store, SharedStore.Table table, String key) {
        if (table == SharedStore.Table.TOKENS) {
            refresh(store, key);
        }
    }

    private static TokenRow row(AccessToken token) {
        return new TokenRow(token.hash().toHex(), token.owner(), token.name(), token.createdEpochSecond(),
                token.expiresEpochSecond(), token.lastUsedEpochSecond());
    }

    private static AccessToken token(TokenRow row) {
        return new AccessToken(row.owner(), row.name(), SecretHash.fromHex(row.secretHash()), row.createdAt(),
                row.expiresAt(), row.lastUsedAt());
    }

    /** The token, else {@code null} (logged): an invalid row lets nobody in. */
    private static AccessToken tokenOrNull(TokenRow row) {
        try {
            return token(row);
        } catch (IllegalArgumentException e) {
            LOG.error("Ignoring token '{}' of the shared store: {}", row, e.getMessage());
            return null;
        }
    }

    private static List<AccessToken> tokens(List<TokenRow> rows) {
        List<AccessToken> tokens = new ArrayList<>();
        for (TokenRow row : rows) {
            AccessToken token = tokenOrNull(row);
            if (token != null) {
                tokens.add(token);
            }
        }
        return tokens;
    }
}
