package io.github.fpauth.user.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class CookiesTest {

    @Test
    public void aSessionCookieIsHttpOnlyLaxAndSiteWide() {
        FakeHttp.Response response = new FakeHttp.Response();

        new Cookies(false).set(new FakeHttp.Request().proxy(), response.proxy(), Cookies.SESSION, "abc", -1);

        assertEquals(List.of("FPAUTH_SESSION=abc; Path=/; HttpOnly; SameSite=Lax"), response.headers.get("Set-Cookie"));
    }

    @Test
    public void secureOnHttpsOrWhenConfiguredAlways() {
        FakeHttp.Request https = new FakeHttp.Request();
        https.secure = true;
        FakeHttp.Response overHttps = new FakeHttp.Response();
        FakeHttp.Response always = new FakeHttp.Response();

        new Cookies(false).set(https.proxy(), overHttps.proxy(), "c", "v", 60);
        new Cookies(true).set(new FakeHttp.Request().proxy(), always.proxy(), "c", "v", 60);

        assertEquals("c=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure", overHttps.header("Set-Cookie"));
        assertEquals("c=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure", always.header("Set-Cookie"));
    }

    @Test
    public void clearingExpiresTheCookieAtOnce() {
        FakeHttp.Response response = new FakeHttp.Response();

        new Cookies(false).clear(new FakeHttp.Request().proxy(), response.proxy(), Cookies.SESSION);

        assertEquals("FPAUTH_SESSION=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax", response.header("Set-Cookie"));
    }

    @Test
    public void readsEveryValueOfACookieInOrder() {
        FakeHttp.Request request = new FakeHttp.Request().cookie("a", "1").cookie(Cookies.SESSION, "x")
                .cookie(Cookies.SESSION, "y");

        assertEquals(List.of("x", "y"), Cookies.values(request.proxy(), Cookies.SESSION));
        assertTrue(Cookies.values(new FakeHttp.Request().proxy(), Cookies.SESSION).isEmpty());
        assertEquals(List.of("x", "", "z"), Cookies.values(new FakeHttp.Request().cookie(Cookies.SESSION, "x")
                .cookie(Cookies.SESSION, "").cookie("a", "1").cookie(Cookies.SESSION, "z").proxy(), Cookies.SESSION));
    }

    @Test
    public void readsTheOneValueOrNone() {
        FakeHttp.Request one = new FakeHttp.Request().cookie("a", "1").cookie(Cookies.SESSION, "x").cookie("b", "2");
        FakeHttp.Request others = new FakeHttp.Request().cookie("a", "1");

        assertEquals(List.of("x"), Cookies.values(one.proxy(), Cookies.SESSION));
        assertEquals(List.of(), Cookies.values(others.proxy(), Cookies.SESSION));
    }
}
