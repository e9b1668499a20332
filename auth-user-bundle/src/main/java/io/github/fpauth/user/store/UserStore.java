package io.github.fpauth.user.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts, persisted in one file.
 *
 * <p>Reads are lock-free: they see an immutable snapshot published through a volatile field.
 * Writes are serialized, build a new snapshot, write it to disk atomically ({@link AtomicFile})
 * and only then publish it, so memory never holds a state the disk does not.
 *
 * <p>A file that exists but cannot be read or is not a valid store fails {@link #open}: it is
 * never mistaken for an empty store.
 */
public final class UserStore {

    /** Told of every change, in order, right after it is published. Must be quick. */
    @FunctionalInterface
    public interface Listener {
        /** {@code before} is {@code null} for a new user, {@code after} for a removed one. */
        void userChanged(User before, User after);
    }

    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);

    private final AtomicFile file;
    private final boolean existed;
    private final Object writeLock = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, User> users;
    // guarded by writeLock
    private long lastGeneration;

    private UserStore(AtomicFile file, boolean existed, List<User> loaded) {
        this.file = file;
        this.existed = existed;
        Map<String, User> initial = new HashMap<>();
        for (User user : loaded) {
            initial.put(user.name(), user.withCredentialGeneration(++lastGeneration));
        }
        this.users = Collections.unmodifiableMap(initial);
    }

    /**
     * Loads the store kept in {@code path}; a missing file is an empty store.
     *
     * @throws UserStoreException naming the file when it exists but cannot be read or is invalid
     */
    public static UserStore open(Path path) {
        AtomicFile file = new AtomicFile(path);
        Optional<byte[]> content;
        try {
            content = file.read();
        } catch (IOException e) {
            throw new UserStoreException("cannot read the user store " + file.path() + ": " + e, e);
        }
        if (content.isEmpty()) {
            return new UserStore(file, false, List.of());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content.get()))
                    .toString();
            return new UserStore(file, true, UserStoreFormat.read(text));
        } catch (CharacterCodingException e) {
            throw new UserStoreException("the user store " + file.path() + " is corrupt: not UTF-8 text", e);
        } catch (IllegalArgumentException e) {
            throw new UserStoreException("the user store " + file.path() + " is corrupt: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return file.path();
    }

    /** The file existed when the store was opened. */
    public boolean existed() {
        return existed;
    }

    /** The user by that name in the current snapshot, else {@code null}. Lock-free. */
    public User get(String name) {
        return users.get(name);
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** The current users, sorted by name. */
    public List<User> users() {
        return List.copyOf(new TreeMap<>(users).values());
    }

    /**
     * Changes one user, atomically and durably.
     *
     * @param change gets the current user ({@code null} when absent) and returns the new one
     *               ({@code null} removes it); may throw {@link IllegalArgumentException} to refuse
     * @return the user as now stored, {@code null} when absent
     * @throws UserStoreException when the file cannot be written; nothing changed then
     */
    public User update(String name, UnaryOperator<User> change) {
        synchronized (writeLock) {
            Map<String, User> current = users;
            User before = current.get(name);
            User after = change.apply(before);
            if (after == before) {
                return before;
            }
            if (after != null) {
                if (!after.name().equals(name)) {
                    throw new IllegalArgumentException("a user cannot be renamed");
                }
                boolean samePassword = before != null && before.passwordHash().equals(after.passwordHash());
                after = after.withCredentialGeneration(samePassword ? before.credentialGeneration() : ++lastGeneration);
            }
            Map<String, User> next = new HashMap<>(current);
            if (after == null) {
                next.remove(name);
            } else {
                next.put(name, after);
            }
            try {
                file.write(UserStoreFormat.write(new TreeMap<>(next).values()).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UserStoreException("cannot write the user store " + file.path() + ": " + e, e);
            }
            users = Collections.unmodifiableMap(next);
            for (Listener listener : listeners) {
                try {
                    listener.userChanged(before, after);
                } catch (RuntimeException e) {
                    // the change is stored and published: one broken listener must not hide that
                    LOG.error("A user store listener failed on a change of user '{}'", name, e);
                }
            }
            return after;
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
