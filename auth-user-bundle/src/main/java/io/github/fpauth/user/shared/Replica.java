package io.github.fpauth.user.shared;

import io.github.fpauth.user.spi.SharedStore;

/**
 * An in-memory copy of one kind of record of a {@link SharedStore}: what the request path reads.
 * Both methods may throw {@link io.github.fpauth.user.spi.StoreUnavailableException}; the copy is
 * reloaded whole then.
 */
public interface Replica {

    /** Replaces the whole copy with the store's records. */
    void reload(SharedStore store);

    /** Re-reads one record that changed; ignores tables that are not its own. */
    void changed(SharedStore store, SharedStore.Table table, String key);
}
