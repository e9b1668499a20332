package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;

/** Personal access tokens over real HTTP: Bearer, Basic password, owner checks, revocation, expiry, restarts. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccessTokenIT extends FpauthTestSupport {

    private static final Pattern SECRET = Pattern.compile("fpat_[A-Za-z0-9_-]{43}");

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

        Http.Response lastingAfter = awaitBearer(lasting, 200);
        assertEquals(lastingAfter.toString(), 200, lastingAfter.status());
        assertEquals("an expired token is refused", 401, bearer("/", expiring).status());
    }

    private Http.Response awaitBearer(String token, int status) {
        return io.github.fpauth.itest.support.Poll.until("bearer -> " + status, () -> bearer("/", token),
                r -> r.status() == status);
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
