package io.github.fpauth.user.session;

import io.github.fpauth.user.store.UserStore;

/**
 * A {@link SessionStore} that keeps sessions somewhere (a file, a shared store) and ends those of
 * removed or disabled users: what {@link SessionStoreComponent} runs.
 */
interface DurableSessionStore extends SessionStore, UserStore.Listener {

    /** Writes pending last-seen times and drops expired sessions. */
    void flush();

    void setTimeouts(SessionTimeouts timeouts);
}
