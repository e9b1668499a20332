package io.github.fpauth.user.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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

import io.github.fpauth.user.shared.Replica;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;
import io.github.fpauth.user.spi.UserRow;

/**
 * The accounts, persisted in one file, or replicated from a {@link SharedStore}.
 *
 * <p>Reads are lock-free: they see an immutable snapshot published through a volatile field.
 * Writes are serialized, build a new snapshot, write it to disk atomically ({@link AtomicFile})
 * and only then publish it, so memory never holds a state the disk does not.
 *
 * <p>A file that exists but cannot be read or is not a valid store fails {@link #open}: it is
 * never mistaken for an empty store.
 *
 * <p>A {@linkplain #shared shared} store changes a user in the shared store's transaction, then
 * re-reads it; a change announced by another node is re-read the same way. Re-reads are
 * serialized, so the snapshot always ends on the shared store's latest row.
 */
public final class UserStore implements Replica {

    /** Told of every change, in order, right after it is published. Must be quick. */
    @FunctionalInterface
    public interface Listener {
        /** {@code before} is {@code null} for a new user, {@code after} for a removed one. */
        void userChanged(User before, User after);
    }

    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);

    /** {@code null} for a shared store. */
    private final AtomicFile file;
    /** {@code null} for a file store. */
    private final SharedStoreTracker shared;
    private final boolean existed;
    private final Object writeLock = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, User> users;
    // guarded by writeLock
    private long lastGeneration;

    private UserStore(AtomicFile file, SharedStoreTracker shared, boolean existed, List<User> loaded) {
        this.file = file;
        this.shared = shared;
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
            return new UserStore(file, null, false, List.of());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content.get()))
                    .toString();
            return new UserStore(file, null, true, UserStoreFormat.read(text));
        } catch (CharacterCodingException e) {
            throw new UserStoreException("the user store " + file.path() + " is corrupt: not UTF-8 text", e);
        } catch (IllegalArgumentException e) {
            throw new UserStoreException("the user store " + file.path() + " is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * A replica of the users of the tracker's shared store: empty until the tracker
     * {@linkplain #reload loads} it (register it with the tracker).
     */
    public static UserStore shared(SharedStoreTracker tracker) {
        return new UserStore(null, tracker, true, List.of());
    }

    /** The file, {@code null} for a shared store. */
    public Path path() {
        return file == null ? null : file.path();
    }

    /** Where the users are, for log lines. */
    public String location() {
        return file == null ? "the shared store" : file.path().toString();
    }

    /** The file existed when the store was opened (always, for a shared store). */
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

    /** The current users as rows of a shared store, sorted by name (to copy a file store into one). */
    public List<UserRow> rows() {
        List<UserRow> rows = new ArrayList<>();
        for (User user : users()) {
            rows.add(UserRows.row(user));
        }
        return rows;
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
        if (shared != null) {
            return updateShared(name, change);
        }
        synchronized (writeLock) {
            Map<String, User> current = users;
            User before = current.get(name);
            User after = change.apply(before);
            if (after == before) {
                return before;
            }
            if (after != null && !after.name().equals(name)) {
                throw new IllegalArgumentException("a user cannot be renamed");
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
            return publish(name, after);
        }
    }

    private User updateShared(String name, UnaryOperator<User> change) {
        try {
            shared.store().updateUser(name, row -> {
                User before = row == null ? null : UserRows.user(row);
                User after = change.apply(before);
                if (after == before) {
                    return row;
                }
                if (after != null && !after.name().equals(name)) {
                    throw new IllegalArgumentException("a user cannot be renamed");
                }
                return after == null ? null : UserRows.row(after);
            });
            return refresh(shared.store(), name);
        } catch (StoreUnavailableException e) {
            throw new UserStoreException("cannot change user '" + UserNames.printable(name)
                    + "' in the shared store: " + e.getMessage(), e);
        }
    }

    /** Re-reads one user from the shared store into the snapshot; the user as now held. */
    private User refresh(SharedStore store, String name) {
        synchronized (writeLock) {
            // Read under the lock: the last re-read of a name is the newest, whatever thread made it.
            User after = store.user(name).map(row -> UserRows.userOrNull(row, LOG)).orElse(null);
            return publish(name, after);
        }
    }

    @Override
    public void reload(SharedStore store) {
        synchronized (writeLock) {
            Map<String, User> loaded = new HashMap<>();
            for (UserRow row : store.users()) {
                User user = UserRows.userOrNull(row, LOG);
                if (user != null) {
                    loaded.put(user.name(), user);
                }
            }
            Map<String, User> before = users;
            Map<String, User> next = new HashMap<>();
            List<User[]> changes = new java.util.ArrayList<>();
            for (User user : loaded.values()) {
                User old = before.get(user.name());
                User kept = withGeneration(old, user);
                next.put(user.name(), kept);
                if (kept != old) {
                    changes.add(new User[] {old, kept});
                }
            }
            for (User old : before.values()) {
                if (!loaded.containsKey(old.name())) {
                    changes.add(new User[] {old, null});
                }
            }
            users = Collections.unmodifiableMap(next);
            for (User[] change : changes) {
                tell(change[0], change[1]);
            }
        }
    }

    @Override
    public void changed(SharedStore store, SharedStore.Table table, String key) {
        if (table == SharedStore.Table.USERS) {
            refresh(store, key);
        }
    }

    /**
     * Publishes {@code after} (guarded by writeLock): a new snapshot, then the listeners. An
     * unchanged user publishes nothing.
     */
    private User publish(String name, User after) {
        Map<String, User> current = users;
        User before = current.get(name);
        User kept = after == null ? null : withGeneration(before, after);
        if (kept == before) {
            return before;
        }
        Map<String, User> next = new HashMap<>(current);
        if (kept == null) {
            next.remove(name);
        } else {
            next.put(name, kept);
        }
        users = Collections.unmodifiableMap(next);
        tell(before, kept);
        return kept;
    }

    /**
     * {@code after} with its credential generation (guarded by writeLock): the one of {@code before}
     * when the password is the same, else a new one; {@code before} itself when nothing changed.
     */
    private User withGeneration(User before, User after) {
        if (before == null) {
            return after.withCredentialGeneration(++lastGeneration);
        }
        if (UserRows.sameContent(before, after)) {
            return before;
        }
        boolean samePassword = before.passwordHash().equals(after.passwordHash());
        return after.withCredentialGeneration(samePassword ? before.credentialGeneration() : ++lastGeneration);
    }

    private void tell(User before, User after) {
        String name = before != null ? before.name() : after.name();
        for (Listener listener : listeners) {
            try {
                listener.userChanged(before, after);
            } catch (RuntimeException e) {
                // the change is stored and published: one broken listener must not hide that
                LOG.error("A user store listener failed on a change of user '{}'", name, e);
            }
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
