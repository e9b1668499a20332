package io.github.fpauth.itest.karaf;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Closes what the test driver started for the containers (a PostgreSQL cluster) when the run
 * ends. A shutdown hook would not do: the forked driver JVM is halted when pax-exam's threads
 * keep it alive past the fork's exit timeout. Registered as a JUnit listener in the failsafe
 * configuration; lives in the driver JVM only.
 */
public final class DriverResources extends RunListener {

    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

    /** Closes {@code resource} when the test run ends. */
    static synchronized <T extends AutoCloseable> T closeAtEnd(T resource) {
        OPEN.push(resource);
        return resource;
    }

    @Override
    public void testRunFinished(Result result) throws Exception {
        closeAll();
    }

    private static synchronized void closeAll() throws Exception {
        Exception failure = null;
        for (AutoCloseable resource; (resource = OPEN.poll()) != null;) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
