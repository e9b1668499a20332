package io.github.fpauth.bench.load;

/** Apache Karaf 4.4.10's start-up to the first 200 on a whiteboard route, as the reference. */
final class KarafStartup {

    private final Config config;

    KarafStartup(Config config) {
        this.config = config;
    }

    String run() throws Exception {
        throw new UnsupportedOperationException("not yet: " + config.karafArchive);
    }
}
