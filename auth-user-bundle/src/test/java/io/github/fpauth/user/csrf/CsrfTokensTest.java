package io.github.fpauth.user.csrf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;

import org.junit.Test;

import io.github.fpauth.user.session.Cookies;
import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.session.NewSession;
import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionAuthenticator;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;

public class CsrfTokensTest {

    private final CsrfTokens csrf = new CsrfTokens(new SecureRandom(), new Cookies(false));

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
        CsrfTokens other = new CsrfTokens(new SecureRandom(), new Cookies(false));
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
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("csrf");
        PersistentSessionStore store = new PersistentSessionStore(dir.resolve("sessions.txt"),
                new SessionSecrets(new SecureRandom()), SessionTimeouts.defaults(), System::currentTimeMillis);
        NewSession session = store.create("alice", false, "", "");
        FakeHttp.Request request = new FakeHttp.Request();
        request.attributes.put(SessionAuthenticator.SESSION_ATTRIBUTE, session.session());
        FakeHttp.Response response = new FakeHttp.Response();

        assertEquals(session.session().csrfToken(), csrf.token(request.proxy(), response.proxy()));
        assertNull("no nonce cookie for a session", response.header("Set-Cookie"));
        request.param(CsrfTokens.FIELD, session.session().csrfToken());
        assertTrue(csrf.isValid(request.proxy()));

        // A valid anonymous pair does not stand in for the session's token.
        FakeHttp.Response anonymous = new FakeHttp.Response();
        String anonymousToken = csrf.token(new FakeHttp.Request().proxy(), anonymous.proxy());
        FakeHttp.Request mixed = new FakeHttp.Request().cookie(CsrfTokens.COOKIE, nonceCookie(anonymous))
                .param(CsrfTokens.FIELD, anonymousToken);
        mixed.attributes.put(SessionAuthenticator.SESSION_ATTRIBUTE, session.session());
        assertFalse(csrf.isValid(mixed.proxy()));
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
