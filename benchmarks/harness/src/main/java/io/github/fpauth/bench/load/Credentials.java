package io.github.fpauth.bench.load;

import java.util.Map;
import java.util.Optional;

/** The request headers that authenticate alice, each way auth-user offers. */
final class Credentials {

    private Credentials() {
    }

    static Map<String, String> basic() {
        return Map.of("Authorization", Http.basic(BenchRuntime.USER, BenchRuntime.PASSWORD), "Accept", "*/*");
    }

    /** A session cookie from the login form, when this build of auth-user has one. */
    static Optional<Map<String, String>> sessionCookie(BenchRuntime runtime) {
        return Optional.empty();
    }

    /** A personal access token as a Bearer header, when this build of auth-user has them. */
    static Optional<Map<String, String>> token(BenchRuntime runtime) {
        return Optional.empty();
    }
}
