package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.regex.Pattern;

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
import io.github.fpauth.itest.support.Json;

/** auth-user active: HTTP Basic against its user store guards the core's routes. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthUserIT extends FpauthTestSupport {

    private static final Pattern ADMIN_LINK = Pattern.compile("href=[\"']/admin[\"']");

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActive() {
        awaitActiveManager("auth_user");
        awaitStatus("/", 401);
    }

    @Test
    public void homeAndAdminChallengeForBasicCredentialsWithoutThem() {
        for (String path : new String[] {"/", "/admin"}) {
            Http.Response response = http().get(path);

            assertEquals(response.toString(), 401, response.status());
            String challenge = response.header("WWW-Authenticate");
            assertNotNull(path + " has no WWW-Authenticate header", challenge);
            assertTrue(path + " challenge: " + challenge, challenge.regionMatches(true, 0, "Basic", 0, 5));
        }
    }

    @Test
    public void adminCredentialsOpenHomeAndAdmin() {
        Http.Response home = http().get("/", ADMIN, ADMIN_PASSWORD);
        Http.Response admin = http().get("/admin", ADMIN, ADMIN_PASSWORD);

        assertEquals(home.toString(), 200, home.status());
        assertEquals(admin.toString(), 200, admin.status());
        assertTrue("the home page shows the admin's name: " + home, home.body().contains(ADMIN));
        assertTrue("the home page links admins to /admin: " + home, ADMIN_LINK.matcher(home.body()).find());
        assertTrue("/admin names the active manager: " + admin, admin.body().contains("auth_user"));
    }

    @Test
    public void aUserWithoutTheAdminRoleGetsHomeButNotAdmin() throws Exception {
        addUser("bob", "bob-Secret-42", "user");

        Http.Response home = http().get("/", "bob", "bob-Secret-42");
        Http.Response admin = http().get("/admin", "bob", "bob-Secret-42");

        assertEquals(home.toString(), 200, home.status());
        assertTrue("the home page shows bob's name: " + home, home.body().contains("bob"));
        assertFalse("no admin link for bob: " + home, ADMIN_LINK.matcher(home.body()).find());
        assertEquals(admin.toString(), 403, admin.status());
    }

    @Test
    public void aWrongPasswordIs401() {
        Http.Response home = http().get("/", ADMIN, ADMIN_PASSWORD + "-wrong");
        Http.Response admin = http().get("/admin", ADMIN, "x");
        Http.Response unknownUser = http().get("/", "nobody", ADMIN_PASSWORD);

        assertEquals(home.toString(), 401, home.status());
        assertNotNull("challenge after a wrong password", home.header("WWW-Authenticate"));
        assertEquals(admin.toString(), 401, admin.status());
        assertEquals(unknownUser.toString(), 401, unknownUser.status());
    }

    @Test
    public void apiMeShowsTheAuthenticatedAdmin() {
        Http.Response me = http().get("/api/me", ADMIN, ADMIN_PASSWORD);

        assertEquals(me.toString(), 200, me.status());
        assertEquals(me.toString(), "true", me.json("authenticated"));
        assertEquals(me.toString(), "\"admin\"", me.json("name"));
        assertEquals(me.toString(), "true", me.json("admin"));
        assertEquals(me.toString(), "[\"fp_admin\"]", Json.compactArray(me.body(), "roles"));
        assertNotNull("displayName: " + me, me.json("displayName"));
        assertTrue("JSON content type: " + me.header("Content-Type"),
                String.valueOf(me.header("Content-Type")).startsWith("application/json"));
    }

    @Test
    public void apiMeIsPublicAndAnonymousWithoutCredentials() {
        Http.Response me = http().get("/api/me");

        assertEquals(me.toString(), 200, me.status());
        assertEquals(me.toString(), "false", me.json("authenticated"));
        assertEquals(me.toString(), "\"anonymous\"", me.json("name"));
    }

    @Test
    public void readyIsPublicAndNamesTheActiveManager() {
        Http.Response ready = http().get("/ready");

        assertEquals(ready.toString(), 200, ready.status());
        assertEquals(ready.toString(), "\"UP\"", ready.json("status"));
        assertEquals(ready.toString(), "true", ready.json("authEnabled"));
        assertEquals(ready.toString(), "\"auth_user\"", ready.json("activeManager"));
        assertTrue("JSON content type: " + ready.header("Content-Type"),
                String.valueOf(ready.header("Content-Type")).startsWith("application/json"));
    }

    @Test
    public void changingAPasswordRevokesTheOldOneAtOnce() throws Exception {
        addUser("dave", "dave-Old-pw-1", "user");
        assertEquals("old password, now cached", 200, http().get("/", "dave", "dave-Old-pw-1").status());

        gogo("fpauth:passwd dave dave-New-pw-2");

        Http.Response old = http().get("/", "dave", "dave-Old-pw-1");
        assertEquals("the old password must stop working at once: " + old, 401, old.status());
        assertEquals(200, http().get("/", "dave", "dave-New-pw-2").status());
    }

    @Test
    public void removingAUserRevokesItsAccessAtOnce() throws Exception {
        gogo("fpauth:useradd erin erin-Secret-3 user");
        assertEquals("password now cached", 200, http().get("/", "erin", "erin-Secret-3").status());

        gogo("fpauth:userdel erin");

        Http.Response removed = http().get("/", "erin", "erin-Secret-3");
        assertEquals("a removed user must be rejected at once: " + removed, 401, removed.status());
    }

    @Test
    public void malformedCredentialsAre401NeverA5xx() {
        String[] malformed = {"Basic", "Basic ", "Basic !!!not-base64!!!", "Basic " + base64("no-colon"),
                "Basic " + base64(":"), "Basic " + base64("admin:"), "Bearer abc.def.ghi", "basic",
                "Basic " + base64("admin:" + ADMIN_PASSWORD) + " trailing"};
        for (String authorization : malformed) {
            Http.Response guarded = http().getWithHeaders("/", "Authorization", authorization);
            Http.Response open = http().getWithHeaders("/api/me", "Authorization", authorization);
            assertEquals("'" + authorization + "' on a guarded route: " + guarded, 401, guarded.status());
            assertEquals("'" + authorization + "' on a public route: " + open, 200, open.status());
            assertEquals(open.toString(), "false", open.json("authenticated"));
        }
    }

    @Test
    public void adminPageNamesTheManagerAndTheBundles() {
        Http.Response admin = http().get("/admin", ADMIN, ADMIN_PASSWORD);

        assertEquals(admin.toString(), 200, admin.status());
        assertTrue("active manager: " + admin, admin.body().contains("auth_user"));
        assertTrue("installed bundles: " + admin, admin.body().contains("io.github.fpauth.user"));
        assertTrue("installed bundles: " + admin, admin.body().contains("io.github.fpauth.core"));
    }

    @Test
    public void theStatusCommandShowsTheActiveManager() throws Exception {
        String status = gogo("fpauth:status");

        assertTrue(status, status.contains("auth_user"));
        assertTrue(status, status.toLowerCase(java.util.Locale.ROOT).contains("enabled"));
    }

    @Test
    public void theUsersCommandListsTheAdmin() throws Exception {
        String users = gogo("fpauth:users");

        assertTrue(users, users.contains(ADMIN));
        assertTrue(users, users.contains("fp_admin"));
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
