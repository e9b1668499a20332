package io.github.fpauth.bench.load;

import java.util.Map;
import java.util.function.Function;

/**
 * One kind of client request during hot swaps, and how to read its answer: what the runtime
 * answers with auth-user active ({@link State#ENFORCED}), with no manager ({@link State#OPEN}),
 * or something the rules never allow ({@link State#BROKEN}: a 5xx, valid credentials refused, a
 * user who is not the one who signed in, ...).
 */
record Probe(String name, String path, Map<String, String> headers, Function<Http.Response, State> classifier) {

    enum State {
        ENFORCED, OPEN, BROKEN
    }

    State classify(Http.Response response) {
        if (response.status() >= 500 || response.status() < 0) {
            return State.BROKEN;
        }
        return classifier.apply(response);
    }

    /** No credentials on a protected route: 401 (or a redirect to the login page), else open as anonymous. */
    static Probe anonymousOnProtected() {
        return new Probe("no credentials, protected route", "/bench/hello", Map.of("Accept", "*/*"), r -> {
            if (r.status() == 401 || r.status() == 302 || r.status() == 303) {
                return State.ENFORCED;
            }
            return r.status() == 200 && r.body().equals("hello anonymous\n") ? State.OPEN : State.BROKEN;
        });
    }

    /** Valid credentials on a protected route: that user, else (no manager) anonymous; never refused. */
    static Probe signedInOnProtected(String name, Map<String, String> headers, String user) {
        return new Probe(name, "/bench/hello", headers, r -> {
            if (r.status() != 200) {
                return State.BROKEN;
            }
            if (r.body().equals("hello " + user + "\n")) {
                return State.ENFORCED;
            }
            return r.body().equals("hello anonymous\n") ? State.OPEN : State.BROKEN;
        });
    }

    /** A user without fp_admin on /admin: 403, else (no manager) open. */
    static Probe nonAdminOnAdmin(Map<String, String> headers) {
        return new Probe("non-admin on /admin", "/admin", headers, r -> r.status() == 403 ? State.ENFORCED
                : r.status() == 200 ? State.OPEN : State.BROKEN);
    }

    /** /api/me (public) with valid credentials: that user, else anonymous. */
    static Probe me(Map<String, String> headers, String user) {
        return new Probe("/api/me with credentials", "/api/me", headers, r -> {
            String json = r.body().replaceAll("\\s", "");
            if (r.status() != 200) {
                return State.BROKEN;
            }
            if (json.contains("\"authenticated\":true") && json.contains("\"name\":\"" + user + "\"")) {
                return State.ENFORCED;
            }
            return json.contains("\"authenticated\":false") ? State.OPEN : State.BROKEN;
        });
    }
}
