package io.github.fpauth.user.csrf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.user.UserAuthManager;
import io.github.fpauth.user.session.AliceSessions;
import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionSecrets;

public class CsrfTokensTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private PersistentSessionStore store;
    private SessionAuthenticator sessions;
    private CsrfTokens csrf;

    @Before
    public void setUp() {
        AliceSessions alice = new AliceSessions(temp.getRoot().toPath());
        store = alice.store;
        sessions = alice.authenticator;
        csrf = new CsrfTokens(new SecureRandom(), new Cookies(false), sessions);
    }

    /** A request that {@code session}'s cookie authenticated, as the core hands it over. */
    private static FakeHttp.Request withSession(NewSession session) {
        FakeHttp.Request request = new FakeHttp.Request().cookie(Cookies.SESSION, session.secret());
        request.attributes.put(CurrentUser.MANAGER_ATTRIBUTE, UserAuthManager.NAME);
        return request;
    }

    /** Does what a browser does: GET the form (keeping the nonce cookie), then POST the token. */
    private static String nonceCookie(FakeHttp.Response response) {
        String header = response.header("Set-Cookie");
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    @Test
    public void withoutASessionTheTokenIsBoundToASignedNonceCookie() {
        FakeHttp.Response form = new FakeHttp.Response();
        String token = csrf.token(new FakeHttp.Request().proxy(), form.proxy());
        String nonce = nonceCookie(form);
        assertTrue(form.header("Set-Cookie"), form.header("Set-Cookie").startsWith(CsrfTokens.COOKIE + "="));
        assertTrue(form.header("Set-Cookie").contains("HttpOnly"));
        assertNotEquals("the form value is not the cookie value", nonce, token);

        assertTrue(csrf.isValid(new FakeHttp.Request().cookie(CsrfTokens.COOKIE, nonce)
                .param(CsrfTokens.FIELD, token).proxy()));
        assertTrue("or as a header", csrf.isValid(new FakeHttp.Request().cookie(CsrfTokens.COOKIE, nonce)
                .header(CsrfTokens.HEADER, token).proxy()));
        assertFalse("no cookie", csrf.isValid(new FakeHttp.Request().param(CsrfTokens.FIELD, token).proxy()));
        assertFalse("no token", csrf.isValid(new FakeHttp.Request().cookie(CsrfTokens.COOKIE, nonce).proxy()));
        assertFalse("plain double submit (cookie value as token) is not enough", csrf.isValid(new FakeHttp.Request()
                .cookie(CsrfTokens.COOKIE, nonce).param(CsrfTokens.FIELD, nonce).proxy()));
    }

    @Test
    public void aPlantedCookieNeedsTheServerKeyToMatch() {
        String planted = new SessionSecrets(new SecureRandom()).newToken();
        CsrfTokens other = new CsrfTokens(new SecureRandom(), new Cookies(false), sessions);
        FakeHttp.Request attacker = new FakeHttp.Request().cookie(CsrfTokens.COOKIE, planted);
        String forged = other.token(attacker.proxy(), new FakeHttp.Response().proxy());

        assertFalse(csrf.isValid(new FakeHttp.Request().cookie(CsrfTokens.COOKIE, planted)
                .param(CsrfTokens.FIELD, forged).proxy()));
    }

    @Test
    public void anExistingNonceIsReusedAndNoCookieSetAgain() {
        FakeHttp.Response first = new FakeHttp.Response();
        String token = csrf.token(new FakeHttp.Request().proxy(), first.proxy());
        FakeHttp.Request again = new FakeHttp.Request().cookie(CsrfTokens.COOKIE, nonceCookie(first));
        FakeHttp.Response second = new FakeHttp.Response();

        assertEquals(token, csrf.token(again.proxy(), second.proxy()));
        assertNull(second.header("Set-Cookie"));
    }

    @Test
    public void withASessionTheSessionsOwnTokenCountsAndNothingElse() throws Exception {
        NewSession session = store.create("alice", false, "", "");
        FakeHttp.Request request = withSession(session);
        FakeHttp.Response response = new FakeHttp.Response();

        assertEquals(session.session().csrfToken(), csrf.token(request.proxy(), response.proxy()));
        assertNull("no nonce cookie for a session", response.header("Set-Cookie"));
        request.param(CsrfTokens.FIELD, session.session().csrfToken());
        assertTrue(csrf.isValid(request.proxy()));

        // A valid anonymous pair does not stand in for the session's token.
        FakeHttp.Response anonymous = new FakeHttp.Response();
        String anonymousToken = csrf.token(new FakeHttp.Request().proxy(), anonymous.proxy());
        FakeHttp.Request mixed = withSession(session).cookie(CsrfTokens.COOKIE, nonceCookie(anonymous))
                .param(CsrfTokens.FIELD, anonymousToken);
        assertFalse(csrf.isValid(mixed.proxy()));
    }

    @Test
    public void aRequestItsAuthorizationHeaderAuthenticatedIsNotBoundToTheSessionBesideIt() {
        NewSession session = store.create("alice", false, "", "");
        FakeHttp.Response response = new FakeHttp.Response();

        String token = csrf.token(withSession(session).header("Authorization", "Basic eDp5").proxy(), response.proxy());

        assertNotEquals(session.session().csrfToken(), token);
        assertTrue(response.header("Set-Cookie"), response.header("Set-Cookie").startsWith(CsrfTokens.COOKIE + "="));
        assertFalse(csrf.isValid(withSession(session).header("Authorization", "Basic eDp5")
                .param(CsrfTokens.FIELD, session.session().csrfToken()).proxy()));
    }

    @Test
    public void verifyAnswers403WhenTheTokenIsWrong() throws Exception {
        FakeHttp.Request request = new FakeHttp.Request().param(CsrfTokens.FIELD, "wrong");
        request.method = "POST";
        FakeHttp.Response response = new FakeHttp.Response();

        assertFalse(csrf.verify(request.proxy(), response.proxy()));
        assertEquals(403, response.status);
    }

    @Test
    public void theHiddenFieldCarriesTheToken() {
        FakeHttp.Request request = new FakeHttp.Request();
        FakeHttp.Response response = new FakeHttp.Response();
        String field = csrf.hiddenField(request.proxy(), response.proxy());
        String token = csrf.token(request.proxy(), new FakeHttp.Response().proxy());

        assertEquals("<input type=\"hidden\" name=\"csrf\" value=\"" + token + "\">", field);
    }
}
