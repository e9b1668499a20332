package io.github.fpauth.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.WhoAmIServlet;

/** Personal access tokens over real HTTP: Bearer, Basic password, owner checks, revocation, expiry, restarts. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessTokenIT extends FpauthTestSupport {

    private static final Pattern SECRET = Pattern.compile("fpat_[A-Za-z0-9_-]{43}");
    private static final String GUARDED = "/itest/guarded";
    private static final String ACCESS_TOKENS = "io.github.fpauth.user.token.AccessTokens";
    private static final String USER_PID = "io.github.fpauth.user";
    /** Stop/start cycles of the first-request test; before the fix the first cycle already refused tokens. */
    private static final int START_CYCLES = 5;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActive() throws Exception {
        awaitActiveManager("auth_user");
        gogo("fpauth:unlock 127.0.0.1");
    }

    @After
    public void clearFailures() throws Exception {
        gogo("fpauth:unlock 127.0.0.1");
    }

    private String createToken(String user, String name, String... days) throws Exception {
        String output = gogo("fpauth:tokenadd " + user + " " + name + (days.length == 0 ? "" : " " + days[0]));
        Matcher matcher = SECRET.matcher(output);
        assertTrue("a secret is printed: " + output, matcher.find());
        return matcher.group();
    }

    private Http.Response bearer(String path, String token) {
        return http().getWithHeaders(path, "Authorization", "Bearer " + token);
    }

    @Test
    public void aTokenAuthenticatesAsBearerAndAsTheBasicPasswordOfItsOwner() throws Exception {
        addUser("tina", "tina-Secret-1", "ops");
        String token = createToken("tina", "ci");

        Http.Response asBearer = bearer("/api/me", token);
        Http.Response asBasic = http().get("/api/me", "tina", token);
        Http.Response home = bearer("/", token);

        assertEquals(asBearer.toString(), "true", asBearer.json("authenticated"));
        assertEquals(asBearer.toString(), "\"tina\"", asBearer.json("name"));
        assertEquals(asBasic.toString(), "\"tina\"", asBasic.json("name"));
        assertEquals(home.toString(), 200, home.status());
        String list = gogo("fpauth:tokens tina");
        assertTrue(list, list.contains("ci"));
        assertFalse("the secret is never listed: " + list, list.contains(token));
    }

    @Test
    public void aTokenIsNoPasswordForAnotherUser() throws Exception {
        addUser("uma", "uma-Secret-1");
        addUser("victor", "victor-Secret-1");
        String token = createToken("uma", "cli");

        Http.Response wrongOwner = http().get("/", "victor", token);
        Http.Response admin = http().get("/admin", ADMIN, token);

        assertEquals(wrongOwner.toString(), 401, wrongOwner.status());
        assertEquals(admin.toString(), 401, admin.status());
        assertEquals(200, http().get("/", "uma", token).status());
    }

    @Test
    public void revokedAndUnknownTokensAre401() throws Exception {
        addUser("walt", "walt-Secret-1");
        String token = createToken("walt", "deploy");
        assertEquals(200, bearer("/", token).status());

        String revoked = gogo("fpauth:tokenrevoke walt deploy");

        assertTrue(revoked, revoked.contains("Revoked"));
        assertEquals("revoked at once", 401, bearer("/", token).status());
        assertEquals(401, http().get("/", "walt", token).status());
        Http.Response unknown = bearer("/", "fpat_" + "A".repeat(43));
        assertEquals(unknown.toString(), 401, unknown.status());
        Http.Response malformed = bearer("/api/me", "fpat_short");
        assertEquals(malformed.toString(), 200, malformed.status());
        assertEquals("public routes stay anonymous", "false", malformed.json("authenticated"));
    }

    @Test
    public void aRemovedUsersTokensStopAtOnceAndAreNotInherited() throws Exception {
        gogo("fpauth:useradd xena xena-Secret-1");
        String token = createToken("xena", "laptop");
        assertEquals(200, bearer("/", token).status());

        gogo("fpauth:userdel xena");
        assertEquals(401, bearer("/", token).status());
        addUser("xena", "xena-Secret-2");

        assertEquals("a new user by that name does not inherit the token", 401, bearer("/", token).status());
        String list = gogo("fpauth:tokens xena");
        assertTrue(list, list.contains("no access tokens"));
    }

    @Test
    public void tokensSurviveARestartAndExpire() throws Exception {
        addUser("yves", "yves-Secret-1");
        String lasting = createToken("yves", "lasting", "30");
        String expiring = createToken("yves", "expiring", "1");
        assertEquals(200, bearer("/", lasting).status());
        assertEquals(200, bearer("/", expiring).status());

        stop(FpauthBundle.USER);
        // Make "expiring" expire: its expiry moves to the past while the bundle is stopped.
        File file = bundle(FpauthBundle.USER).getDataFile("tokens.txt");
        String content = Files.readString(file.toPath(), StandardCharsets.UTF_8);
        assertTrue("last use was flushed on stop: " + content, content.matches("(?s).*name=lasting\t.*lastUsed=[1-9].*"));
        String changed = content.replaceAll("(name=expiring\tsha256=[0-9a-f]+\tcreated=\\d+\texpires=)\\d+", "$11");
        assertFalse("expiry rewritten", changed.equals(content));
        Files.writeString(file.toPath(), changed, StandardCharsets.UTF_8);
        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");

        Http.Response lastingAfter = bearer("/", lasting);
        assertEquals("accepted as soon as auth_user is active: " + lastingAfter, 200, lastingAfter.status());
        assertEquals("an expired token is refused", 401, bearer("/", expiring).status());
    }

    /**
     * Once auth_user is registered (authentication enforced), a valid token is accepted from the
     * very first request: while the bundle starts, clients polling a protected route in a tight loop
     * (one as Bearer, one as the Basic password) see either no manager (anonymous, open) or the
     * token's owner, never a 401.
     */
    @Test
    public void aValidTokenIsAcceptedFromTheFirstRequestAfterTheBundleStarts() throws Exception {
        addUser("quinn", "quinn-Secret-1");
        String token = createToken("quinn", "first");
        registerWhoAmI(GUARDED, RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
        awaitStatus(GUARDED, "quinn", token, 200);
        String[] authorizations = {"Bearer " + token, Http.basic("quinn", token)};
        // Called during the registration: the token service must already be there.
        Queue<String> early = new ConcurrentLinkedQueue<>();
        ServiceListener order = event -> {
            if (event.getType() == ServiceEvent.REGISTERED && context.getServiceReference(ACCESS_TOKENS) == null) {
                early.add("auth_user registered before the token service");
            }
        };
        context.addServiceListener(order, "(objectClass=" + AuthManager.class.getName() + ")");
        try {
            startRepeatedly(authorizations);
        } finally {
            context.removeServiceListener(order);
        }
        assertTrue(String.join(", ", early), early.isEmpty());
    }

    private void startRepeatedly(String[] authorizations) throws Exception {
        for (int cycle = 0; cycle < START_CYCLES; cycle++) {
            stop(FpauthBundle.USER);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong withoutManager = new AtomicLong();
            AtomicLong byOwner = new AtomicLong();
            Queue<String> wrong = new ConcurrentLinkedQueue<>();
            Thread[] clients = new Thread[authorizations.length];
            for (int i = 0; i < clients.length; i++) {
                String authorization = authorizations[i];
                clients[i] = new Thread(() -> {
                    while (running.get()) {
                        try {
                            Http.Response response = http().tryGet(GUARDED, authorization);
                            Map<String, String> seen = WhoAmIServlet.parse(response.body());
                            if (response.status() == 200 && WhoAmIServlet.NO_MANAGER.equals(seen.get("manager"))) {
                                withoutManager.incrementAndGet();
                            } else if (response.status() == 200 && "auth_user".equals(seen.get("manager"))
                                    && "quinn".equals(seen.get("user"))) {
                                byOwner.incrementAndGet();
                            } else {
                                wrong.add(authorization.substring(0, 6) + "-> " + response);
                            }
                        } catch (Exception e) {
                            wrong.add(authorization.substring(0, 6) + "-> " + e);
                        }
                    }
                }, "itest-token-client-" + i);
                clients[i].start();
            }
            try {
                // Both clients are polling before start() is called.
                Poll.until("answers without a manager", Duration.ofSeconds(10), withoutManager::get, n -> n >= 4);
                start(FpauthBundle.USER);
                Poll.until("answers as the token's owner", Duration.ofSeconds(10), byOwner::get, n -> n >= 20);
            } finally {
                running.set(false);
                for (Thread client : clients) {
                    client.join(10_000);
                }
            }
            assertTrue("cycle " + cycle + ": " + wrong.size() + " answers neither anonymous nor the owner, e.g. "
                    + wrong.peek(), wrong.isEmpty());
        }
    }

    /**
     * An unreadable token store disables tokens only: auth_user is there, passwords work, every token is
     * refused without counting against the client, token pages and commands say why (503, never 500),
     * no user can be deleted (its tokens could not go with it), and the file is left exactly as it was.
     */
    @Test
    public void anUnreadableTokenStoreDisablesTokensOnlyAndIsNeverReplaced() throws Exception {
        addUser("rita", "rita-Secret-1");
        gogo("fpauth:useradd sam sam-Secret-1"); // the test tries to delete sam
        String token = createToken("rita", "ci");
        stop(FpauthBundle.USER);
        File file = bundle(FpauthBundle.USER).getDataFile("tokens.txt");
        byte[] original = Files.readAllBytes(file.toPath());
        byte[] garbage = "not a token store\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file.toPath(), garbage);
        try {
            start(FpauthBundle.USER);
            awaitActiveManager("auth_user");

            assertEquals(200, http().get("/", "rita", "rita-Secret-1").status());
            for (int i = 0; i < 25; i++) { // more than the failures allowed per address (20) and account (5)
                assertEquals(401, bearer("/", token).status());
                assertEquals(401, http().get("/", "rita", token).status());
            }
            assertEquals("refused tokens are not counted as failures", 200,
                    http().get("/", "rita", "rita-Secret-1").status());

            FormClient rita = new FormClient(httpPort(), "rita", "rita-Secret-1");
            FormClient.Page list = rita.get("/profile/tokens");
            assertEquals(list.toString(), 503, list.status);
            assertTrue(list.toString(), list.body.contains("Access tokens are disabled"));
            FormClient.Page create = rita.post("/profile/tokens", "csrf", rita.csrf("/profile"), "action", "create",
                    "name", "new");
            assertEquals(create.toString(), 503, create.status);
            assertTrue(create.toString(), create.body.contains("Access tokens are disabled"));
            try {
                String output = gogo("fpauth:tokenadd rita new");
                throw new AssertionError("a token was created: " + output);
            } catch (Exception expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("access tokens are disabled"));
            }
            FormClient admin = new FormClient(httpPort(), ADMIN, ADMIN_PASSWORD);
            FormClient.Page detail = admin.get("/admin/users?user=rita");
            assertEquals(detail.toString(), 200, detail.status);
            assertTrue(detail.toString(), detail.body.contains("id=\"tokens-disabled\""));
            FormClient.Page delete = admin.post("/admin/users", "csrf", admin.csrf("/admin/users"), "action", "delete",
                    "user", "sam", "confirm", "yes");
            assertEquals("deleting would leave sam's tokens behind for a future sam", 503, delete.status);
            assertTrue(delete.toString(), delete.body.contains("Access tokens are disabled"));
            assertTrue(gogo("fpauth:users").contains("sam"));

            stop(FpauthBundle.USER);
            assertArrayEquals("the unreadable store is left as it was", garbage, Files.readAllBytes(file.toPath()));
        } finally {
            if (bundle(FpauthBundle.USER).getState() == Bundle.ACTIVE) {
                stop(FpauthBundle.USER);
            }
            Files.write(file.toPath(), original);
        }
        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");
        assertEquals("the restored store serves its tokens again", 200, bearer("/", token).status());
    }

    /** A new configuration reaches both components in place: neither auth_user nor the token service re-registers. */
    @Test
    public void aConfigurationChangeKeepsTheManagerAndTheTokenServiceRegistered() throws Exception {
        addUser("tom", "tom-Secret-1");
        String token = createToken("tom", "ci");
        ServiceReference<AuthManager> manager = Poll.until("auth_user service", () -> managerReference(),
                r -> r != null);
        ServiceReference<?> tokens = context.getServiceReference(ACCESS_TOKENS);
        Queue<String> gone = new ConcurrentLinkedQueue<>();
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.UNREGISTERING) {
                gone.add(String.valueOf(event.getServiceReference().getProperty("objectClass")));
            }
        };
        context.addServiceListener(listener, "(|(objectClass=" + AuthManager.class.getName() + ")(objectClass="
                + ACCESS_TOKENS + "))");
        try {
            configure(USER_PID, "maxTokensPerUser", 7, "tokenFlushSeconds", 30);
            Poll.until("the new configuration on auth_user and the token service",
                    () -> new Object[] {manager.getProperty("maxTokensPerUser"), tokens.getProperty("maxTokensPerUser")},
                    values -> Integer.valueOf(7).equals(values[0]) && Integer.valueOf(7).equals(values[1]));
        } finally {
            context.removeServiceListener(listener);
        }

        assertTrue("unregistered: " + gone, gone.isEmpty());
        assertEquals(manager, managerReference());
        assertEquals(tokens, context.getServiceReference(ACCESS_TOKENS));
        assertEquals(200, bearer("/", token).status());
    }

    private ServiceReference<AuthManager> managerReference() {
        try {
            return context.getServiceReferences(AuthManager.class, "(component.name=auth_user)").stream().findFirst()
                    .orElse(null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    public void badTokenCommandsAreRefusedWithAMessage() throws Exception {
        addUser("zoe", "zoe-Secret-1");
        for (String command : new String[] {"fpauth:tokenadd nobody t", "fpauth:tokenadd zoe bad/name",
            "fpauth:tokenadd zoe t 99999", "fpauth:tokenrevoke zoe none"}) {
            try {
                String output = gogo(command);
                throw new AssertionError(command + " was accepted: " + output);
            } catch (Exception expected) {
                assertFalse(command, expected.getMessage().isEmpty());
            }
        }
        createToken("zoe", "once");
        try {
            gogo("fpauth:tokenadd zoe once");
            throw new AssertionError("a second token named 'once' was accepted");
        } catch (Exception expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("already"));
        }
    }
}
