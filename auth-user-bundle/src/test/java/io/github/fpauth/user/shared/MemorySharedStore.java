package io.github.fpauth.user.shared;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.fpauth.user.spi.FailureRow;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;
import io.github.fpauth.user.spi.TokenRow;
import io.github.fpauth.user.spi.UserRow;

/**
 * A {@link SharedStore} in memory, for unit tests of the replicas: every write is one
 * synchronized step, announced to every listener on one thread of the store's, as a database
 * store announces its changes. {@link #goDown()} makes it unreachable until {@link #comeBack()}.
 */
public final class MemorySharedStore implements SharedStore {

    private final Map<String, UserRow> users = new LinkedHashMap<>();
    private final Map<String, SessionRow> sessions = new LinkedHashMap<>();
    private final Map<String, TokenRow> tokens = new LinkedHashMap<>();
    private final Map<String, FailureRow> failures = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "memory-store-announcer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean up = true;
    /** How many times one session was read by its hash. */
    public final java.util.concurrent.atomic.AtomicInteger sessionReads = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public boolean isCurrent() {
        return up;
    }

    /** The store becomes unreachable: every call throws, and it is not current. */
    public void goDown() {
        up = false;
    }

    /** The store is reachable again: every listener reloads, as after a reconnection. */
    public void comeBack() {
        up = true;
        announcer.execute(() -> listeners.forEach(Listener::reloadAll));
    }

    /**
     * Holds back every announcement from now on, as a slow network would, until the returned
     * release runs.
     */
    public Runnable holdAnnouncements() {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        announcer.execute(() -> {
            try {
                held.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return held::countDown;
    }

    /** Waits until every announcement made so far was delivered. */
    public void awaitAnnounced() throws Exception {
        announcer.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
        if (up) {
            announcer.execute(listener::reloadAll);
        }
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private void reachable() {
        if (!up) {
            throw new StoreUnavailableException("memory store is down");
        }
    }

    private void announce(Table table, String key) {
        announcer.execute(() -> listeners.forEach(listener -> listener.changed(table, key)));
    }

    @Override
    public synchronized boolean isEmpty() {
        reachable();
        return users.isEmpty() && sessions.isEmpty() && tokens.isEmpty() && failures.isEmpty();
    }

    @Override
    public synchronized List<UserRow> users() {
        reachable();
        return new ArrayList<>(users.values());
    }

    @Override
    public synchronized Optional<UserRow> user(String name) {
        reachable();
        return Optional.ofNullable(users.get(name));
    }

    @Override
    public synchronized void updateUser(String name, UnaryOperator<UserRow> change) {
        reachable();
        UserRow stored = users.get(name);
        UserRow changed = change.apply(stored);
        if (changed == stored) {
            return;
        }
        if (changed == null) {
            users.remove(name);
            sessions.values().removeIf(s -> {
                boolean gone = s.user().equals(name);
                if (gone) {
                    announce(Table.SESSIONS, s.secretHash());
                }
                return gone;
            });
            tokens.values().removeIf(t -> {
                boolean gone = t.owner().equals(name);
                if (gone) {
                    announce(Table.TOKENS, t.secretHash());
                }
                return gone;
            });
        } else {
            users.put(name, changed);
        }
        announce(Table.USERS, name);
    }

    @Override
    public synchronized List<SessionRow> sessions() {
        reachable();
        return new ArrayList<>(sessions.values());
    }

    @Override
    public synchronized Optional<SessionRow> session(String secretHash) {
        sessionReads.incrementAndGet();
        reachable();
        return Optional.ofNullable(sessions.get(secretHash));
    }

    @Override
    public synchronized void insertSession(SessionRow session, int maxPerUser) {
        reachable();
        if (sessions.putIfAbsent(session.secretHash(), session) != null) {
            return;
        }
        announce(Table.SESSIONS, session.secretHash());
        List<SessionRow> own = new ArrayList<>();
        for (SessionRow row : sessions.values()) {
            if (row.user().equals(session.user())) {
                own.add(row);
            }
        }
        own.sort(Comparator.comparingLong(SessionRow::lastSeenMillis));
        for (int i = 0; i < own.size() - maxPerUser; i++) {
            sessions.remove(own.get(i).secretHash());
            announce(Table.SESSIONS, own.get(i).secretHash());
        }
    }

    @Override
    public synchronized List<SessionRow> deleteSessions(String user, String onlyPublicId, String exceptPublicId) {
        reachable();
        List<SessionRow> ended = new ArrayList<>();
        sessions.values().removeIf(s -> {
            boolean gone = s.user().equals(user) && (onlyPublicId == null || s.publicId().equals(onlyPublicId))
                    && !s.publicId().equals(exceptPublicId);
            if (gone) {
                ended.add(s);
                announce(Table.SESSIONS, s.secretHash());
            }
            return gone;
        });
        return ended;
    }

    @Override
    public synchronized void recordSessionsSeen(Map<String, Long> lastSeenBySecretHash) {
        reachable();
        lastSeenBySecretHash.forEach((hash, seen) -> sessions.computeIfPresent(hash,
                (h, s) -> seen <= s.lastSeenMillis() ? s : new SessionRow(h, s.publicId(), s.user(),
                        s.createdMillis(), seen, s.rememberMe(), s.clientAddress(), s.userAgent(), s.csrfToken())));
    }

    @Override
    public synchronized int deleteExpiredSessions(long idleBefore, long createdBefore, long rememberIdleBefore,
            long rememberCreatedBefore) {
        reachable();
        int before = sessions.size();
        sessions.values().removeIf(s -> {
            boolean gone = s.rememberMe()
                    ? s.lastSeenMillis() < rememberIdleBefore || s.createdMillis() < rememberCreatedBefore
                    : s.lastSeenMillis() < idleBefore || s.createdMillis() < createdBefore;
            if (gone) {
                announce(Table.SESSIONS, s.secretHash());
            }
            return gone;
        });
        return before - sessions.size();
    }

    @Override
    public synchronized List<TokenRow> tokens() {
        reachable();
        return new ArrayList<>(tokens.values());
    }

    @Override
    public synchronized Optional<TokenRow> token(String secretHash) {
        reachable();
        return Optional.ofNullable(tokens.get(secretHash));
    }

    @Override
    public synchronized void insertToken(TokenRow token, Function<List<TokenRow>, String> refusal) {
        reachable();
        if (tokens.containsKey(token.secretHash())) {
            return;
        }
        List<TokenRow> own = new ArrayList<>();
        for (TokenRow row : tokens.values()) {
            if (row.owner().equals(token.owner())) {
                own.add(row);
            }
        }
        String reason = refusal.apply(own);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        tokens.put(token.secretHash(), token);
        announce(Table.TOKENS, token.secretHash());
    }

    @Override
    public synchronized List<TokenRow> deleteTokens(String owner, String name) {
        reachable();
        List<TokenRow> removed = new ArrayList<>();
        tokens.values().removeIf(t -> {
            boolean gone = t.owner().equals(owner) && (name == null || t.name().equals(name));
            if (gone) {
                removed.add(t);
                announce(Table.TOKENS, t.secretHash());
            }
            return gone;
        });
        return removed;
    }

    @Override
    public synchronized void recordTokensUsed(Map<String, Long> lastUsedBySecretHash) {
        reachable();
        lastUsedBySecretHash.forEach((hash, used) -> tokens.computeIfPresent(hash,
                (h, t) -> used <= t.lastUsedAt() ? t
                        : new TokenRow(h, t.owner(), t.name(), t.createdAt(), t.expiresAt(), used)));
    }

    @Override
    public synchronized List<FailureRow> failures() {
        reachable();
        return new ArrayList<>(failures.values());
    }

    @Override
    public synchronized Optional<FailureRow> failure(FailureRow.Kind kind, String key) {
        reachable();
        return Optional.ofNullable(failures.get(FailureRow.changeKey(kind, key)));
    }

    @Override
    public synchronized void updateFailure(FailureRow.Kind kind, String key, UnaryOperator<FailureRow> change) {
        reachable();
        String changeKey = FailureRow.changeKey(kind, key);
        FailureRow stored = failures.get(changeKey);
        FailureRow changed = change.apply(stored);
        if (changed == stored) {
            return;
        }
        if (changed == null) {
            failures.remove(changeKey);
        } else {
            failures.put(changeKey, changed);
        }
        announce(Table.FAILURES, changeKey);
    }

    @Override
    public synchronized int deleteFailures(String key) {
        reachable();
        int removed = 0;
        for (FailureRow.Kind kind : FailureRow.Kind.values()) {
            if (failures.remove(FailureRow.changeKey(kind, key)) != null) {
                removed++;
                announce(Table.FAILURES, FailureRow.changeKey(kind, key));
            }
        }
        return removed;
    }

    @Override
    public synchronized int deleteIdleFailures(long lastFailureBefore, long now) {
        reachable();
        int before = failures.size();
        failures.values().removeIf(f -> {
            boolean gone = f.lastFailureMillis() < lastFailureBefore && f.blockedUntilMillis() <= now;
            if (gone) {
                announce(Table.FAILURES, f.changeKey());
            }
            return gone;
        });
        return before - failures.size();
    }
}
