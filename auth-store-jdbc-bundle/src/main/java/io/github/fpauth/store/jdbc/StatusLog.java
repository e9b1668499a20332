package io.github.fpauth.store.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the store says, once per change, that it became available or unavailable. */
interface StatusLog {

    void available(String line);

    void unavailable(String line);

    /** To the log of the store: available as information, unavailable as a warning. */
    static StatusLog logger() {
        Logger log = LoggerFactory.getLogger(PostgresSharedStore.class);
        return new StatusLog() {
            @Override
            public void available(String line) {
                log.info(line);
            }

            @Override
            public void unavailable(String line) {
                log.warn(line);
            }
        };
    }
}
