package io.github.fpauth.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.github.fpauth.user.totp.Totp;
import io.github.fpauth.user.totp.TotpSecret;

/**
 * End to end in a real headless browser (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs): log in through the form, reach {@code /admin/users}, create a
 * user, log out, and check that the old session cookie no longer works; enrol an authenticator
 * and sign in with the code step. Fails (never skips) when the browser is missing.
 */
public class BrowserIT {

    private static final String ADMIN_PASSWORD = "browser-Admin-pw-9d2e";
    static final File CHROMIUM = new File(System.getProperty("fpauth.chromium", "/usr/bin/chromium"));
    static final File CHROMEDRIVER = new File(System.getProperty("fpauth.chromedriver",
            "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private RuntimeProcess runtime;
    private WebDriver browser;

    @After
    public void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    public void logInCreateAUserLogOutAndTheOldCookieIsDead() throws Exception {
        assertTrue("no browser at " + CHROMIUM + ": apt-get install chromium chromium-driver", CHROMIUM.canExecute());
        assertTrue("no driver at " + CHROMEDRIVER + ": apt-get install chromium-driver", CHROMEDRIVER.canExecute());
        runtime = RuntimeProcess.fresh("browser").start(ADMIN_PASSWORD);
        runtime.awaitReady(true, Duration.ofSeconds(60));
        runtime.await("/admin/users served", Duration.ofSeconds(30),
                () -> runtime.get("/admin/users", "admin", ADMIN_PASSWORD).status() == 200);
        String base = "http://127.0.0.1:" + runtime.port();
        browser = chromium(runtime.folder().resolve("chromium-profile"));
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        // an anonymous browser is sent to the login form, which brings it back afterwards
        browser.get(base + "/admin/users");
        signIn(wait, "admin", ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlToBe(base + "/admin/users"));
        assertEquals("Users", browser.findElement(By.tagName("h1")).getText());
        Cookie session = browser.manage().getCookieNamed("FPAUTH_SESSION");
        assertNotNull("a session cookie after login", session);
        assertTrue("HttpOnly session cookie", session.isHttpOnly());
        assertEquals("the session works outside the browser too", "true",
                authenticated(base, session.getValue()));

        // create a user through the form
        browser.findElement(By.cssSelector("form.create input[name=name]")).sendKeys("browsed");
        browser.findElement(By.cssSelector("form.create input[name=displayName]")).sendKeys("Browsed User");
        browser.findElement(By.cssSelector("form.create input[name=password]")).sendKeys("browsed-Secret-1");
        browser.findElement(By.id("create")).click();
        wait.until(ExpectedConditions.urlContains("/admin/users?user=browsed"));
        assertEquals("User browsed", browser.findElement(By.tagName("h1")).getText());
        assertEquals("the new user logs in", 200, runtime.get("/", "browsed", "browsed-Secret-1").status());

        // log out through the user menu's POST button
        browser.findElement(By.cssSelector("#user-bar summary")).click();
        browser.findElement(By.xpath("//div[@id='user-menu']//button[normalize-space()='Log out']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-link")));

        assertEquals("the old cookie is anonymous after logout", "false", authenticated(base, session.getValue()));
        HttpResponse<String> admin = get(base + "/admin/users", session.getValue());
        assertTrue("the old cookie no longer opens /admin/users: " + admin.statusCode(),
                admin.statusCode() == 302 || admin.statusCode() == 303 || admin.statusCode() == 401);
    }

    @Test
    public void enrolAnAuthenticatorThenSignInWithThePasswordAndACode() throws Exception {
        assertTrue("no browser at " + CHROMIUM + ": apt-get install chromium chromium-driver", CHROMIUM.canExecute());
        assertTrue("no driver at " + CHROMEDRIVER + ": apt-get install chromium-driver", CHROMEDRIVER.canExecute());
        runtime = RuntimeProcess.fresh("browser-totp").start(ADMIN_PASSWORD);
        runtime.awaitReady(true, Duration.ofSeconds(60));
        String base = "http://127.0.0.1:" + runtime.port();
        browser = chromium(runtime.folder().resolve("chromium-profile"));
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        browser.get(base + "/profile/two-factor");
        signIn(wait, "admin", ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlToBe(base + "/profile/two-factor"));

        // enrol: the QR code is shown, the key is read from the page as a person would type it into the app
        browser.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#qr-code svg")));
        String secret = browser.findElement(By.id("totp-secret")).getText().replace(" ", "");
        browser.findElement(By.id("code")).sendKeys(code(secret, 0));
        browser.findElement(By.id("enrol-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-codes")));
        assertEquals(10, browser.findElements(By.cssSelector("#recovery-codes li")).size());
        assertEquals("HTTP Basic no longer takes the password alone", 401,
                runtime.get("/admin/users", "admin", ADMIN_PASSWORD).status());

        // sign out, then in again: the password, then the code page, then where the browser was going
        browser.findElement(By.cssSelector("#user-bar summary")).click();
        browser.findElement(By.xpath("//div[@id='user-menu']//button[normalize-space()='Log out']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-link")));
        browser.get(base + "/admin/users");
        signIn(wait, "admin", ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/login/code"));
        assertEquals("no session before the code", null, browser.manage().getCookieNamed("FPAUTH_SESSION"));
        browser.findElement(By.id("code")).sendKeys(code(secret, 1));
        browser.findElement(By.id("code-submit")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/admin/users"));
        assertEquals("Users", browser.findElement(By.tagName("h1")).getText());
        assertEquals("true", authenticated(base, browser.manage().getCookieNamed("FPAUTH_SESSION").getValue()));
    }

    @Test
    public void anAdminMakesAResetLinkAndTheUserSetsANewPasswordWithIt() throws Exception {
        assertTrue("no browser at " + CHROMIUM + ": apt-get install chromium chromium-driver", CHROMIUM.canExecute());
        assertTrue("no driver at " + CHROMEDRIVER + ": apt-get install chromium-driver", CHROMEDRIVER.canExecute());
        runtime = RuntimeProcess.fresh("browser-reset").start(ADMIN_PASSWORD, "-Dfpauth.console=true");
        runtime.awaitReady(true, Duration.ofSeconds(60));
        SharedStoreNodes.gogo(runtime, "fpauth:useradd forgetful Forgetful-old-1 user", "Added user 'forgetful'");
        String base = "http://127.0.0.1:" + runtime.port();
        browser = chromium(runtime.folder().resolve("chromium-profile"));
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        browser.get(base + "/admin/users?user=forgetful");
        signIn(wait, "admin", ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/admin/users?user=forgetful"));
        browser.findElement(By.id("reset-link")).click();
        String link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reset-link"))).getText();
        assertTrue(link, link.startsWith(base + "/login/reset?token="));

        // the user, in a browser of their own (no admin cookies): open the link, set a new password
        browser.manage().deleteAllCookies();
        browser.get(link);
        browser.findElement(By.id("new")).sendKeys("Forgetful-new-2");
        browser.findElement(By.id("confirm")).sendKeys("Forgetful-new-2");
        browser.findElement(By.id("reset-submit")).click();
        wait.until(ExpectedConditions.urlContains("/login?reset=done"));
        signIn(wait, "forgetful", "Forgetful-new-2");
        wait.until(ExpectedConditions.urlToBe(base + "/"));
        assertEquals("true", authenticated(base, browser.manage().getCookieNamed("FPAUTH_SESSION").getValue()));

        browser.get(link);
        assertTrue("the link works once", browser.getPageSource().contains("expired or has been used"));
    }

    /** The authenticator app's code {@code stepsFromNow} steps after the current 30-second step. */
    private static String code(String secret, int stepsFromNow) {
        return new Totp().code(TotpSecret.fromBase32(secret), Totp.step(System.currentTimeMillis()) + stepsFromNow);
    }

    /** On the login page the browser was sent to: types the user name and password and submits. */
    private void signIn(WebDriverWait wait, String user, String password) {
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    /** Headless chromium with its own profile folder; shared by the browser tests. */
    static WebDriver chromium(Path profile) throws Exception {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The {@code authenticated} field of {@code /api/me} for a request with that session cookie. */
    private static String authenticated(String base, String sessionCookie) throws Exception {
        String body = get(base + "/api/me", sessionCookie).body();
        return body.replaceAll("(?s).*\"authenticated\":(true|false).*", "$1");
    }

    private static HttpResponse<String> get(String url, String sessionCookie) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "FPAUTH_SESSION=" + sessionCookie)
                .header("Accept", "text/html").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
