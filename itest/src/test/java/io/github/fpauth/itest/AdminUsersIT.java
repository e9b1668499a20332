package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

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

import io.github.fpauth.itest.support.Browser;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.Poll;

/** /admin/users and /profile/tokens over real HTTP: access, CSRF, every change, hostile input. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminUsersIT extends FpauthTestSupport {

    private static final String PAGE = "/admin/users";
    private static final String TOKENS = "/profile/tokens";

    private FormClient admin;

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void adminPageIsUp() throws Exception {
        awaitActiveManager("auth_user");
        awaitStatus(PAGE, ADMIN, ADMIN_PASSWORD, 200);
        admin = new FormClient(httpPort(), ADMIN, ADMIN_PASSWORD);
    }

    @After
    public void removeCreatedUsers() throws Exception {
        for (String user : new String[] {"newbie", "edith", "dora"}) {
            if (!gogo("fpauth:users").contains(user)) {
                continue;
            }
            gogo("fpauth:userdel " + user);
        }
        gogo("fpauth:unlock 127.0.0.1");
    }

    private FormClient.Page act(String... fields) {
        String csrf = admin.csrf(PAGE);
        String[] all = new String[fields.length + 2];
        all[0] = "csrf";
        all[1] = csrf;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return admin.post(PAGE, all);
    }

    @Test
    public void theUsersPageIsForAdminsOnly() throws Exception {
        addUser("norm", "norm-Secret-1", "user");
        FormClient norm = new FormClient(httpPort(), "norm", "norm-Secret-1");

        assertEquals(403, norm.get(PAGE).status);
        assertEquals(403, norm.post(PAGE, "action", "create", "name", "x", "password", "x-Secret-123").status);
        assertEquals(401, http().get(PAGE).status());
        FormClient.Page list = admin.get(PAGE);
        assertEquals(200, list.status);
        assertTrue("lists the admin: " + list, list.body.contains(">admin</a>"));
        assertTrue("in the admin menu: " + list, list.body.contains("href=\"/admin/users\">Users</a>"));
    }

    @Test
    public void aChangeWithoutTheCsrfTokenIs403AndChangesNothing() throws Exception {
        admin.get(PAGE); // has the CSRF cookie, not the field
        FormClient.Page missing = admin.post(PAGE, "action", "create", "name", "newbie", "password", "newbie-Secret-1");
        FormClient.Page wrong = admin.post(PAGE, "csrf", "forged", "action", "create", "name", "newbie", "password",
                "newbie-Secret-1");

        assertEquals(missing.toString(), 403, missing.status);
        assertEquals(wrong.toString(), 403, wrong.status);
        assertFalse(gogo("fpauth:users").contains("newbie"));
    }

    @Test
    public void createEditDisableEnableResetAndDelete() throws Exception {
        FormClient.Page created = act("action", "create", "name", "edith", "displayName", "Edith <b>Piaf</b>", "roles",
                "singer, ops", "password", "edith-Secret-1");
        assertEquals(created.toString(), 303, created.status);
        assertEquals(PAGE + "?user=edith", created.location);
        Http.Response me = http().get("/api/me", "edith", "edith-Secret-1");
        assertEquals(me.toString(), "\"Edith \\u003cb\\u003ePiaf\\u003c/b\\u003e\"", me.json("displayName"));
        FormClient.Page detail = admin.get(PAGE + "?user=edith");
        assertTrue("escaped: " + detail, detail.body.contains("Edith &lt;b&gt;Piaf&lt;/b&gt;"));
        assertFalse(detail.body.contains("<b>Piaf"));

        assertEquals(303, act("action", "update", "user", "edith", "displayName", "Edith", "roles", "fp_admin").status);
        me = http().get("/api/me", "edith", "edith-Secret-1");
        assertEquals(me.toString(), "\"Edith\"", me.json("displayName"));
        assertEquals(me.toString(), "true", me.json("admin"));

        gogo("fpauth:tokenadd edith laptop");
        assertEquals(303, act("action", "disable", "user", "edith").status);
        assertEquals("a disabled user is refused at once", 401,
                http().get("/", "edith", "edith-Secret-1").status());
        assertTrue(admin.get(PAGE + "?user=edith").body.contains("Disabled"));
        assertEquals(303, act("action", "enable", "user", "edith").status);
        assertEquals(200, http().get("/", "edith", "edith-Secret-1").status());

        assertEquals(303, act("action", "password", "user", "edith", "password", "edith-New-pw-2").status);
        assertEquals(401, http().get("/", "edith", "edith-Secret-1").status());
        assertEquals(200, http().get("/", "edith", "edith-New-pw-2").status());

        assertTrue(admin.get(PAGE + "?user=edith").body.contains("laptop"));
        assertEquals(303, act("action", "revoke-token", "user", "edith", "token", "laptop").status);
        assertTrue(gogo("fpauth:tokens edith").contains("no access tokens"));

        FormClient.Page unconfirmed = act("action", "delete", "user", "edith");
        assertEquals(unconfirmed.toString(), 400, unconfirmed.status);
        FormClient.Page deleted = act("action", "delete", "user", "edith", "confirm", "yes");
        assertEquals(deleted.toString(), 303, deleted.status);
        assertEquals(401, http().get("/", "edith", "edith-New-pw-2").status());
        assertEquals(404, admin.get(PAGE + "?user=edith").status);
    }

    @Test
    public void theAdminCannotLockThemselvesOut() {
        assertEquals(400, act("action", "disable", "user", ADMIN).status);
        assertEquals(400, act("action", "delete", "user", ADMIN, "confirm", "yes").status);
        FormClient.Page dropRole = act("action", "update", "user", ADMIN, "displayName", "Admin", "roles", "user");
        assertEquals(dropRole.toString(), 400, dropRole.status);
        assertTrue(dropRole.body.contains("own"));
        assertEquals(200, http().get("/admin", ADMIN, ADMIN_PASSWORD).status());
    }

    @Test
    public void hostileFormValuesAre4xxNever500() throws Exception {
        String[][] hostile = {
            {"action", "create", "name", "with space", "password", "long-enough-1"},
            {"action", "create", "name", "colon:name", "password", "long-enough-1"},
            {"action", "create", "name", "ctl\u0001", "password", "long-enough-1"},
            {"action", "create", "name", "x".repeat(65), "password", "long-enough-1"},
            {"action", "create", "name", "dora", "password", "short"},
            {"action", "create", "name", "dora", "password", "x".repeat(1025)},
            {"action", "create", "name", "dora", "password", "fpat_looks-like-a-token"},
            {"action", "create", "name", "dora", "roles", "a\u0000b", "password", "long-enough-1"},
            {"action", "create", "name", "dora", "displayName", "x".repeat(200), "password", "long-enough-1"},
            {"action", "create", "name", ADMIN, "password", "long-enough-1"},
            {"action", "create", "password", "long-enough-1"},
            {"action", "update", "user", "nobody", "displayName", "x"},
            {"action", "update", "user", ADMIN, "displayName", "\n"},
            {"action", "revoke-session", "user", ADMIN, "session", "<script>"},
            {"action", "revoke-token", "user", ADMIN, "token", "none"},
            {"action", "unknown"},
            {"action", "x".repeat(5000)},
            {},
        };
        for (String[] fields : hostile) {
            FormClient.Page page = act(fields);
            assertTrue(String.join(",", fields) + " -> " + page, page.status >= 400 && page.status < 500);
            assertFalse("no stack trace: " + page, page.body.contains("Exception"));
        }
        String csrf = admin.csrf(PAGE);
        for (String raw : new String[] {"csrf=" + csrf + "&action=create&name=%zz&password=%", "csrf=" + csrf
                + "&action=create&action=delete", "%%%", "csrf=" + csrf + "&action=create&name=dora&name=dora2"}) {
            FormClient.Page page = admin.postRaw(PAGE, raw);
            assertTrue(raw + " -> " + page, page.status >= 400 && page.status < 500);
        }
        assertFalse(gogo("fpauth:users").contains("dora"));
        FormClient.Page unknownUser = admin.get(PAGE + "?user=%3Cscript%3E");
        assertEquals(404, unknownUser.status);
        assertFalse(unknownUser.body.contains("<script>"));
    }

    @Test
    public void lockoutsAreShownAndCleared() throws Exception {
        for (int i = 0; i < 5; i++) {
            http().get("/", "newbie", "wrong-password-" + i);
        }
        assertEquals(429, http().get("/", "newbie", "wrong").status());
        FormClient.Page list = admin.get(PAGE);
        assertTrue("lockout listed: " + list, list.body.contains("account newbie"));

        assertEquals(303, act("action", "unlock", "key", "newbie").status);

        assertFalse(admin.get(PAGE).body.contains("account newbie"));
        assertEquals(401, http().get("/", "newbie", "wrong").status());
    }

    @Test
    public void usersManageTheirOwnTokensOnTheProfile() throws Exception {
        addUser("tess", "tess-Secret-1");
        FormClient tess = new FormClient(httpPort(), "tess", "tess-Secret-1");
        assertEquals(401, http().get(TOKENS).status());
        assertTrue(tess.get(TOKENS).body.contains("no access tokens"));

        FormClient.Page created = tess.post(TOKENS, "csrf", tess.csrf(TOKENS), "action", "create", "name", "ci",
                "days", "7");
        assertEquals(created.toString(), 200, created.status);
        Matcher secret = Pattern.compile("fpat_[A-Za-z0-9_-]{43}").matcher(created.body);
        assertTrue("the secret is shown once: " + created, secret.find());
        String token = secret.group();
        FormClient.Page listed = tess.get(TOKENS);
        assertTrue(listed.body.contains(">ci<"));
        assertFalse("never shown again", listed.body.contains(token));
        assertEquals(200, http().getWithHeaders("/", "Authorization", "Bearer " + token).status());

        assertEquals(403, tess.post(TOKENS, "action", "revoke", "name", "ci").status);
        assertEquals(400, tess.post(TOKENS, "csrf", tess.csrf(TOKENS), "action", "create", "name", "a/b").status);
        assertEquals(400, tess.post(TOKENS, "csrf", tess.csrf(TOKENS), "action", "create", "name", "x", "days",
                "-1").status);
        assertEquals(400, tess.post(TOKENS, "csrf", tess.csrf(TOKENS), "action", "revoke", "name", "other").status);
        FormClient.Page revoked = tess.post(TOKENS, "csrf", tess.csrf(TOKENS), "action", "revoke", "name", "ci");
        assertEquals(revoked.toString(), 303, revoked.status);
        Poll.until("revoked", () -> http().getWithHeaders("/", "Authorization", "Bearer " + token),
                r -> r.status() == 401);
    }

    @Test
    public void adminsSeeAndRevokeAUsersSessions() throws Exception {
        addUser("sam", "sam-Secret-1", "user");
        Browser first = new Browser(httpPort());
        Browser second = new Browser(httpPort());
        assertEquals(303, LoginSessionIT.login(first, "sam", "sam-Secret-1", null, false).status());
        assertEquals(303, LoginSessionIT.login(second, "sam", "sam-Secret-1", null, false).status());
        FormClient.Page detail = admin.get(PAGE + "?user=sam");
        Matcher ids = Pattern.compile("name=\"session\" value=\"([^\"]+)\"").matcher(detail.body);
        assertTrue("sessions listed: " + detail, ids.find());
        String one = ids.group(1);
        assertTrue("two sessions: " + detail, ids.find());

        assertEquals(303, act("action", "revoke-session", "user", "sam", "session", one).status);
        assertTrue("exactly one session ended", LoginSessionIT.isAnonymous(first) != LoginSessionIT.isAnonymous(second));
        assertEquals(400, act("action", "revoke-session", "user", "sam", "session", one).status);

        assertEquals(303, act("action", "revoke-sessions", "user", "sam").status);
        assertTrue(LoginSessionIT.isAnonymous(first));
        assertTrue(LoginSessionIT.isAnonymous(second));
        assertTrue(admin.get(PAGE + "?user=sam").body.contains("No sessions."));
    }
}
