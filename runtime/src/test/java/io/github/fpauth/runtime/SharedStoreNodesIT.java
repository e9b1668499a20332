package io.github.fpauth.runtime;

import static io.github.fpauth.runtime.SharedStoreNodes.ADMIN_PASSWORD;
import static io.github.fpauth.runtime.SharedStoreNodes.SESSION_COOKIE;
import static io.github.fpauth.runtime.SharedStoreNodes.anonymous;
import static io.github.fpauth.runtime.SharedStoreNodes.gogo;
import static io.github.fpauth.runtime.SharedStoreNodes.login;
import static io.github.fpauth.runtime.SharedStoreNodes.logout;
import static io.github.fpauth.runtime.SharedStoreNodes.millisUntil;
import static io.github.fpauth.runtime.SharedStoreNodes.withBasic;
import static io.github.fpauth.runtime.SharedStoreNodes.withBearer;
import static io.github.fpauth.runtime.SharedStoreNodes.withSession;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.github.fpauth.testkit.postgres.TestPostgres;
import io.github.fpauth.user.totp.Totp;
import io.github.fpauth.user.totp.TotpSecret;

/**
 * Two and three runtimes (separate JVMs, real HTTP over loopback) on one real PostgreSQL: what
 * one node does to users, sessions and tokens holds on every other node, within a second.
 */
public class SharedStoreNodesIT {

    /** The promise: a change on one node takes effect on the others within 1 second. */
    private static final Duration PROMISE = Duration.ofSeconds(1);
    private static final Duration SWAP = Duration.ofSeconds(30);
    private static final Pattern TOKEN_SECRET = Pattern.compile("Its secret is shown this once:\\R(\\S+)");

    private static TestPostgres postgres;
    private static SharedStoreNodes three;

    @BeforeClass
    public static void startDatabaseAndThreeNodes() throws Exception {
        postgres = TestPostgres.start(Path.of("target/pg/shared-nodes"));
        three = SharedStoreNodes.start("three", 3, postgres.createDatabase("three"), postgres.user());
    }

    @AfterClass
    public static void stopAll() throws InterruptedException {
        if (three != null) {
            three.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    public void theSharedStoreShipsInOptionalJdbcAndIsNotActiveByDefault() throws Exception {
        Path assembled = Path.of(System.getProperty("fpauth.runtime.dir", "target/fpauth"));
        try (var deploy = Files.list(assembled.resolve("deploy"))) {
            assertEquals(List.of("auth-user-bundle.jar"), deploy.map(p -> p.getFileName().toString()).toList());
        }
        try (var optional = Files.list(assembled.resolve("optional/jdbc"))) {
            assertEquals(Set.of("auth-store-jdbc-bundle.jar", "postgresql.jar", "HikariCP.jar", "org.osgi.service.jdbc.jar",
                    "io.github.fpauth.store.jdbc.cfg", "io.github.fpauth.user.store.cfg"),
                    optional.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
        String store = Files.readString(assembled.resolve("optional/jdbc/io.github.fpauth.store.jdbc.cfg"));
        assertTrue(store, store.contains("\n#url=") && store.contains("\n#user=") && store.contains("\n#.password="));
        assertTrue(Files.readString(assembled.resolve("optional/jdbc/io.github.fpauth.user.store.cfg")).contains("\nstore=jdbc\n"));
        String runBundles = Files.readString(Path.of("../run.bndrun"));
        assertTrue(runBundles.contains("io.github.fpauth.core;version="));
        assertTrue(runBundles, !runBundles.contains("io.github.fpauth.store.jdbc") && !runBundles.contains("HikariCP")
                && !runBundles.contains("org.postgresql"));
    }

    @Test
    public void twoRuntimesOnOneDatabaseShareUsersSessionsTokensAndEveryRevocationWithinOneSecond() throws Exception {
        try (SharedStoreNodes two = SharedStoreNodes.start("two", 2, postgres.createDatabase("two"), postgres.user())) {
            sharesEverything(two.all(), "two");
        }
    }

    @Test
    public void threeRuntimesOnOneDatabaseShareUsersSessionsTokensAndEveryRevocationWithinOneSecond() throws Exception {
        sharesEverything(three.all(), "three");
    }

    @Test
    public void wrongPasswordsSpreadOverThreeNodesLockTheAccountAfterTheBudgetOfOneNode() throws Exception {
        RuntimeProcess a = three.node(0);
        // The first delay lasts 1 s by default: too short to look at every node before it ends.
        for (RuntimeProcess node : three.all()) {
            SharedStoreNodes.setUserProperty(node, "throttleBaseDelaySeconds", "60");
        }
        for (RuntimeProcess node : three.all()) {
            awaitLockoutSettings(node, "from 60 s");
        }
        try {
            locksAfterTheBudgetOfOneNode(a);
        } finally {
            for (RuntimeProcess node : three.all()) {
                SharedStoreNodes.setUserProperty(node, "throttleBaseDelaySeconds", "1");
            }
            for (RuntimeProcess node : three.all()) {
                awaitLockoutSettings(node, "from 1 s");
            }
        }
    }

    /** Waits until the node's throttle uses the settings whose description contains {@code expected}. */
    private static void awaitLockoutSettings(RuntimeProcess node, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!gogo(node, "fpauth:lockouts", "Limits:").contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + node.port() + " never used throttle settings '" + expected + "'");
            }
            Thread.sleep(500);
        }
    }

    private void locksAfterTheBudgetOfOneNode(RuntimeProcess a) throws Exception {
        gogo(a, "fpauth:useradd target Target-pass-123 user", "Added user 'target'");
        for (RuntimeProcess node : three.all()) {
            millisUntil("target known on " + node.port(), Duration.ofSeconds(5),
                    () -> withBasic(node, "/", "target", "Target-pass-123"), s -> s == 200);
        }
        // The budget of one node: 5 consecutive failures (auth-user's default), then delays.
        int budget = 5;
        for (int i = 0; i < budget; i++) {
            RuntimeProcess node = three.node(i % 3);
            assertEquals("failure " + (i + 1) + " on node " + (char) ('a' + i % 3), 401,
                    withBasic(node, "/", "target", "Wrong-guess-" + i));
        }
        // Every node now refuses even the right password: 3 nodes did not give 3 budgets.
        for (RuntimeProcess node : three.all()) {
            // asked again until its replica has the record (the last failure may be a few ms old)
            long started = System.nanoTime();
            while (!gogo(node, "fpauth:lockouts", "Limits:").contains("account  target")) {
                if (System.nanoTime() - started > Duration.ofSeconds(5).toNanos()) {
                    throw new AssertionError("no lockout of target listed on node " + node.port());
                }
                Thread.sleep(50);
            }
            int status = withBasic(node, "/", "target", "Target-pass-123");
            System.out.printf("lockout: node %d answers the right password of a locked account with %d%n", node.port(), status);
            assertNotEquals("locked account let in on " + node.port(), 200, status);
        }
        gogo(a, "fpauth:unlock target", "Cleared the failed logins of 'target'");
    }

    @Test
    public void aHotSwapOnOneNodeLeavesTheOthersServingAndKeepsItsSessions() throws Exception {
        RuntimeProcess a = three.node(0);
        gogo(a, "fpauth:useradd swapper Swapper-pass-123 user", "Added user 'swapper'");
        String session = login(a, "swapper", "Swapper-pass-123");
        for (RuntimeProcess node : three.all()) {
            millisUntil("swapper's session on " + node.port(), PROMISE, () -> withSession(node, "/", session), s -> s == 200);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger served = new AtomicInteger();
        List<Thread> clients = List.of(three.node(1), three.node(2)).stream().map(node -> new Thread(() -> {
            while (running.get()) {
                int status = withSession(node, "/", session);
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                served.incrementAndGet();
            }
        })).toList();
        clients.forEach(Thread::start);
        try {
            Path jar = a.deployFolder().resolve("auth-user-bundle.jar");
            Path aside = a.folder().resolve("auth-user-bundle.jar.off");
            Files.move(jar, aside);
            a.awaitReady(false, SWAP);
            Files.move(aside, jar);
            a.awaitReady(true, SWAP);
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        }
        System.out.printf("hot swap on node a: nodes b and c answered %s over %d requests%n", statuses, served.get());
        assertTrue("no request reached b and c during the swap", served.get() > 0);
        assertEquals("b and c answered something else than 200 while a swapped: " + statuses, Set.of(200),
                statuses.keySet());
        long back = millisUntil("the session from before the swap on a", Duration.ofSeconds(10),
                () -> withSession(a, "/", session), s -> s == 200);
        System.out.printf("hot swap on node a: its session from before the swap accepted again %d ms after it was ready%n", back);
        // The restarted store may announce one more reload just after: a few ms of 503, failing closed.
        long basic = millisUntil("swapper's password on a after the swap", Duration.ofSeconds(10),
                () -> withBasic(a, "/", "swapper", "Swapper-pass-123"), s -> s == 200);
        System.out.printf("hot swap on node a: HTTP Basic accepted again %d ms after the session%n", basic);
    }

    @Test
    public void whatTheAdminPageOfOneNodeDoesToAUserHoldsOnTheOtherNodesWithinOneSecond() throws Exception {
        RuntimeProcess a = three.node(0);
        List<RuntimeProcess> others = three.all().subList(1, 3);
        SharedStoreNodes.Browser admin = new SharedStoreNodes.Browser(a);
        SharedStoreNodes.Reply signedIn = admin.submit("/login", "/login", "username", "admin", "password", ADMIN_PASSWORD);
        assertEquals(signedIn.toString(), 303, signedIn.status());
        String users = "/admin/users";

        SharedStoreNodes.Reply created = admin.submit(users, users, "action", "create", "name", "erin",
                "password", "Erin-pass-123", "roles", "user");
        assertEquals(created.toString(), 303, created.status());
        for (RuntimeProcess node : others) {
            long ms = millisUntil("erin on " + node.port(), PROMISE, () -> withBasic(node, "/", "erin", "Erin-pass-123"),
                    s -> s == 200);
            report("three", "a user created on a's admin page signs in on another node", ms);
        }

        // the admin page of a revokes erin's sessions: a session signed in on b ends everywhere
        String session = login(three.node(1), "erin", "Erin-pass-123");
        for (RuntimeProcess node : three.all()) {
            assertEquals(200, withSession(node, "/", session));
        }
        assertEquals(303, admin.submit(users + "?user=erin", users, "action", "revoke-sessions", "user", "erin").status());
        for (RuntimeProcess node : others) {
            long ms = millisUntil("erin's session revoked on " + node.port(), PROMISE, () -> withSession(node, "/", session),
                    s -> s == 401);
            report("three", "session revocation on a's admin page", ms);
        }

        // disabled on a: refused on the others by Basic, although their caches had verified it
        for (RuntimeProcess node : others) {
            assertEquals(200, withBasic(node, "/", "erin", "Erin-pass-123"));
        }
        assertEquals(303, admin.submit(users + "?user=erin", users, "action", "disable", "user", "erin").status());
        for (RuntimeProcess node : others) {
            long ms = millisUntil("erin disabled on " + node.port(), PROMISE,
                    () -> withBasic(node, "/", "erin", "Erin-pass-123"), s -> s == 401);
            report("three", "user disabled on a's admin page (Basic refused)", ms);
        }
        assertEquals(303, admin.submit(users + "?user=erin", users, "action", "enable", "user", "erin").status());
        for (RuntimeProcess node : others) {
            long ms = millisUntil("erin enabled on " + node.port(), PROMISE,
                    () -> withBasic(node, "/", "erin", "Erin-pass-123"), s -> s == 200);
            report("three", "user enabled again on a's admin page", ms);
        }

        assertEquals(303, admin.submit(users + "?user=erin", users, "action", "delete", "user", "erin", "confirm", "yes")
                .status());
        for (RuntimeProcess node : others) {
            long ms = millisUntil("erin deleted on " + node.port(), PROMISE,
                    () -> withBasic(node, "/", "erin", "Erin-pass-123"), s -> s == 401);
            report("three", "user deleted on a's admin page", ms);
        }
    }

    @Test
    public void aCodeUsedOnOneNodeIsUsedOnEveryNodeAndTheCodeStepMayLandOnAnotherNode() throws Exception {
        RuntimeProcess a = three.node(0);
        RuntimeProcess b = three.node(1);
        RuntimeProcess c = three.node(2);
        gogo(a, "fpauth:useradd frank Frank-pass-123 user", "Added user 'frank'");
        millisUntil("frank on b", PROMISE, () -> withBasic(b, "/", "frank", "Frank-pass-123"), s -> s == 200);

        // enrol on a
        SharedStoreNodes.Browser onA = new SharedStoreNodes.Browser(a);
        assertEquals(303, onA.submit("/login", "/login", "username", "frank", "password", "Frank-pass-123").status());
        SharedStoreNodes.Reply offer = onA.submit("/profile/two-factor", "/profile/two-factor/start");
        Matcher secret = Pattern.compile("<code id=\"totp-secret\">([A-Z2-7 ]+)</code>").matcher(offer.body());
        Matcher sealed = Pattern.compile("name=\"offer\" value=\"([^\"]+)\"").matcher(offer.body());
        assertTrue(offer.toString(), secret.find() && sealed.find());
        String key = secret.group(1).replace(" ", "");
        SharedStoreNodes.Reply enrolled = onA.submit("/profile/two-factor", "/profile/two-factor/enrol", "offer",
                sealed.group(1), "code", code(key, 0));
        assertEquals(enrolled.toString(), 200, enrolled.status());
        long ms = millisUntil("Basic with frank's password refused on b", PROMISE,
                () -> withBasic(b, "/", "frank", "Frank-pass-123"), s -> s == 401);
        report("three", "two-factor enrolment on a (password alone refused by Basic on another node)", ms);

        // the password on a, the code on b (no sticky sessions): signed in
        SharedStoreNodes.Browser passwordOnA = new SharedStoreNodes.Browser(a);
        SharedStoreNodes.Reply half = passwordOnA.submit("/login", "/login", "username", "frank", "password",
                "Frank-pass-123");
        assertEquals(half.toString(), 303, half.status());
        assertNull(passwordOnA.cookie(SESSION_COOKIE));
        SharedStoreNodes.Browser codeOnB = passwordOnA.at(b);
        String used = code(key, 1);
        SharedStoreNodes.Reply signedIn = codeOnB.submit("/login/code", "/login/code", "code", used);
        assertEquals(signedIn.toString(), 303, signedIn.status());
        String session = codeOnB.cookie(SESSION_COOKIE);
        assertEquals(200, withSession(c, "/", session));

        // the same code, at once, on another node: refused
        SharedStoreNodes.Browser replay = new SharedStoreNodes.Browser(c);
        assertEquals(303, replay.submit("/login", "/login", "username", "frank", "password", "Frank-pass-123")
                .status());
        SharedStoreNodes.Reply refused = replay.submit("/login/code", "/login/code", "code", used);
        assertEquals(refused.toString(), 200, refused.status());
        assertTrue(refused.body().contains("That code is not valid"));
        assertNull(replay.cookie(SESSION_COOKIE));
    }

    /** The authenticator app's code {@code stepsFromNow} steps after the current one. */
    private static String code(String secret, int stepsFromNow) {
        return new Totp().code(TotpSecret.fromBase32(secret), Totp.step(System.currentTimeMillis()) + stepsFromNow);
    }

    /** The scenario of the issue, from node a to every other node. */
    private static void sharesEverything(List<RuntimeProcess> nodes, String label) throws Exception {
        RuntimeProcess a = nodes.get(0);
        List<RuntimeProcess> others = nodes.subList(1, nodes.size());

        // A user created on a signs in everywhere.
        gogo(a, "fpauth:useradd carol Carol-pass-123 user fp_admin", "Added user 'carol'");
        for (RuntimeProcess node : others) {
            long ms = millisUntil("carol known on " + node.port(), PROMISE,
                    () -> withBasic(node, "/", "carol", "Carol-pass-123"), s -> s == 200);
            report(label, "a user added on a signs in by Basic on another node", ms);
        }

        // A login on a: its session cookie is accepted on the other nodes at once.
        String session = login(a, "carol", "Carol-pass-123");
        for (RuntimeProcess node : others) {
            assertEquals("a's session on " + node.port(), 200, withSession(node, "/", session));
        }

        // An access token created on a works everywhere, and its revocation holds everywhere.
        String created = gogo(a, "fpauth:tokenadd carol ci", "Its secret is shown this once:");
        a.await("the token's secret", Duration.ofSeconds(5), () -> TOKEN_SECRET.matcher(a.output()).find());
        Matcher secret = TOKEN_SECRET.matcher(a.output());
        assertTrue(created, secret.find());
        String token = secret.group(1);
        for (RuntimeProcess node : others) {
            long ms = millisUntil("the token on " + node.port(), PROMISE, () -> withBearer(node, "/", token), s -> s == 200);
            report(label, "a token created on a accepted on another node", ms);
        }
        gogo(a, "fpauth:tokenrevoke carol ci", "carol");
        revokedEverywhere(label, "token revocation", others, token, Kind.BEARER);

        // Logout on a ends the session everywhere.
        assertEquals(303, logout(a, session).status());
        revokedEverywhere(label, "logout", others, session, Kind.SESSION);

        // A password change on a: the old password is refused on the others (their caches too).
        String second = login(a, "carol", "Carol-pass-123");
        for (RuntimeProcess node : others) {
            assertEquals(200, withBasic(node, "/", "carol", "Carol-pass-123")); // now in the node's cache
            assertEquals(200, withSession(node, "/", second));
        }
        gogo(a, "fpauth:passwd carol Carol-new-456", "Changed the password of user 'carol'");
        for (RuntimeProcess node : others) {
            long ms = millisUntil("old password refused on " + node.port(), PROMISE,
                    () -> withBasic(node, "/", "carol", "Carol-pass-123"), s -> s == 401);
            report(label, "password change (old password refused by Basic)", ms);
            assertEquals(200, withBasic(node, "/", "carol", "Carol-new-456"));
            // the change ended carol's sessions, on every node
            long ended = millisUntil("sessions ended on " + node.port(), PROMISE, () -> withSession(node, "/", second),
                    s -> s == 401);
            report(label, "password change (sessions ended)", ended);
        }

        // A role change on a: fp_admin removed, the admin route answers 403 on the others.
        for (RuntimeProcess node : others) {
            assertEquals(200, withBasic(node, "/admin", "carol", "Carol-new-456"));
        }
        gogo(a, "fpauth:roles carol user", "now has roles");
        for (RuntimeProcess node : others) {
            long ms = millisUntil("fp_admin removed on " + node.port(), PROMISE,
                    () -> withBasic(node, "/admin", "carol", "Carol-new-456"), s -> s == 403);
            report(label, "role change (fp_admin removed: /admin 403)", ms);
            assertEquals(200, withBasic(node, "/", "carol", "Carol-new-456"));
        }

        // A user deleted on a is refused everywhere.
        String third = login(a, "carol", "Carol-new-456");
        gogo(a, "fpauth:userdel carol", "Removed user 'carol'");
        for (RuntimeProcess node : others) {
            long ms = millisUntil("carol removed on " + node.port(), PROMISE,
                    () -> withBasic(node, "/", "carol", "Carol-new-456"), s -> s == 401);
            report(label, "user deleted (Basic refused)", ms);
            long session3 = millisUntil("carol's session on " + node.port(), PROMISE, () -> withSession(node, "/", third),
                    s -> s == 401);
            report(label, "user deleted (session refused)", session3);
        }
        // the admin created once, at the first start, in the shared store
        for (RuntimeProcess node : nodes) {
            assertEquals(200, withBasic(node, "/admin", "admin", ADMIN_PASSWORD));
            assertEquals(401, anonymous(node, "/"));
        }
    }

    private enum Kind { SESSION, BEARER }

    private static void revokedEverywhere(String label, String what, List<RuntimeProcess> others, String credential,
            Kind kind) throws InterruptedException {
        for (RuntimeProcess node : others) {
            long ms = millisUntil(what + " on " + node.port(), PROMISE,
                    () -> kind == Kind.SESSION ? withSession(node, "/", credential) : withBearer(node, "/", credential),
                    s -> s == 401);
            report(label, what, ms);
        }
    }

    private static void report(String label, String what, long millis) {
        System.out.printf("shared store, %s nodes: %s took effect after %d ms%n", label, what, millis);
    }
}
