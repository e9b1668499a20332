package io.github.fpauth.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.github.fpauth.testkit.oidc.TestKeycloak;
import io.github.fpauth.testkit.oidc.TestRealm;

/**
 * "Sign in with Keycloak" end to end: the runtime with {@code optional/oidc/} deployed, a real
 * Keycloak (its distribution from Maven Central, in dev mode, with a test realm), and headless
 * chromium clicking through both. Fails (never skips) when the browser or Java 21+ is missing.
 */
public class KeycloakBrowserIT {

    private static final String ADMIN_PASSWORD = "kc-Admin-pw-3f7a";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private RuntimeProcess runtime;
    private TestKeycloak keycloak;
    private WebDriver browser;

    @After
    public void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    public void signInWithKeycloakLandsBackSignedInWithTheMappedRoleAndLogoutEndsTheKeycloakSessionToo()
            throws Exception {
        assertTrue("no browser at " + BrowserIT.CHROMIUM, BrowserIT.CHROMIUM.canExecute());
        assertTrue("no driver at " + BrowserIT.CHROMEDRIVER, BrowserIT.CHROMEDRIVER.canExecute());
        runtime = RuntimeProcess.fresh("keycloak");
        String base = "http://127.0.0.1:" + runtime.port();
        String secret = "kc-client-secret-" + System.nanoTime();
        keycloak = TestKeycloak.start(runtime.folder().resolve("keycloak"), TestRealm.builder()
                .clientId("fpauth").clientSecret(secret)
                .redirectUri(base + "/login/oidc/keycloak/callback")
                .postLogoutRedirectUri(base + "/login")
                .realmRoles("fpauth-admins")
                .user(TestRealm.user("kate", "kate-Secret-1").firstName("Kate").lastName("Keycloak")
                        .email("kate@example.test").emailVerified(true).realmRoles("fpauth-admins"))
                .user(TestRealm.user("leo", "leo-Secret-1").firstName("Leo").lastName("Plain")
                        .email("leo@example.test").emailVerified(true))
                .build());
        try (var jars = Files.newDirectoryStream(runtime.folder().resolve("optional/oidc"), "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, runtime.deployFolder().resolve(jar.getFileName()));
            }
        }
        Files.writeString(runtime.deployFolder().resolve("io.github.fpauth.oidc.provider-keycloak.cfg"),
                "name=keycloak\nlabel=Keycloak\nissuer=" + keycloak.issuer() + "\nclientId=fpauth\n.clientSecret="
                        + secret + "\nredirectUri=" + base + "/login/oidc/keycloak/callback\npostLogoutRedirectUri="
                        + base + "/login\nroleClaim=" + TestRealm.ROLES_CLAIM + "\nroleMapping=fpauth-admins=fp_admin\n");
        runtime.start(ADMIN_PASSWORD);
        runtime.awaitReady(true, Duration.ofSeconds(60));
        runtime.await("the Keycloak button", WAIT,
                () -> runtime.get("/login").body().contains("id=\"login-with-keycloak\""));
        browser = BrowserIT.chromium(runtime.folder().resolve("chromium-profile"));
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        // an anonymous browser: the login page, the button, Keycloak's own form, and back where it was going
        browser.get(base + "/admin/users");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("login-with-keycloak"))).click();
        signInAtKeycloak(wait, "kate", "kate-Secret-1");
        wait.until(ExpectedConditions.urlToBe(base + "/admin/users"));
        assertEquals("Users", browser.findElement(By.tagName("h1")).getText());
        Cookie session = browser.manage().getCookieNamed("FPAUTH_SESSION");
        assertNotNull("a session cookie of fpauth", session);
        assertTrue("the linked local user is listed",
                browser.findElement(By.tagName("main")).getText().contains("kate"));

        // log out: the session here, then (by itself) Keycloak's own logout page, then back to the login page
        browser.findElement(By.cssSelector("#user-bar summary")).click();
        browser.findElement(By.xpath("//div[@id='user-menu']//button[normalize-space()='Log out']")).click();
        wait.until(ExpectedConditions.urlContains(keycloak.baseUrl()));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("kc-logout"))).click();
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
        assertEquals("the old session is dead", 401,
                SharedStoreNodes.withSession(runtime, "/admin/users", session.getValue()));

        // Keycloak's session ended too: signing in again asks for the password; another user, no admin role
        browser.findElement(By.id("login-with-keycloak")).click();
        signInAtKeycloak(wait, "leo", "leo-Secret-1");
        wait.until(ExpectedConditions.urlToBe(base + "/"));
        assertEquals("no mapped role, no admin pages", 403,
                SharedStoreNodes.withSession(runtime, "/admin/users",
                        browser.manage().getCookieNamed("FPAUTH_SESSION").getValue()));
    }

    private void signInAtKeycloak(WebDriverWait wait, String user, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }
}
