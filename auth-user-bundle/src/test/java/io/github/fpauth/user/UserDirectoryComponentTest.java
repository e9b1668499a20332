package io.github.fpauth.user;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.user.token.DisabledAccessTokens;

/** The components as SCR drives them, over a real data area in a temporary folder. */
public class UserDirectoryComponentTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger stopOptions = new AtomicInteger(-1);
    private final AtomicInteger stops = new AtomicInteger();

    private BundleContext context(String adminPasswordProperty) {
        return context(adminPasswordProperty, null);
    }

    private BundleContext context(String adminPasswordProperty, String storeDirectory) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "getSymbolicName":
                        return "io.github.fpauth.user";
                    case "stop":
                        stopOptions.set(args == null ? 0 : (Integer) args[0]);
                        stops.incrementAndGet();
                        stopped.countDown();
                        return null;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
        return Fakes.context(temp.getRoot(), bundle, name -> {
            if (UserDirectoryComponent.STORE_DIRECTORY_PROPERTY.equals(name)) {
                return storeDirectory;
            }
            return AdminBootstrap.PROPERTY.equals(name) ? adminPasswordProperty : null;
        });
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    /** The admin password this machine's environment variable imposes, else the property's. */
    private static String expectedAdminPassword(String property) {
        String env = System.getenv(AdminBootstrap.ENV);
        return env != null && !env.isEmpty() ? env : property;
    }

    @Test
    public void aConfiguredStoreDirectoryOutlivesTheBundlesDataArea() throws Exception {
        File outside = new File(temp.newFolder("operator"), "users");
        onFiles().activate(context("first-start-secret", outside.getPath()), Fakes.config());
        assertTrue(Files.exists(outside.toPath().resolve(UserDirectoryComponent.STORE_FILE)));
        assertTrue(!Files.exists(temp.getRoot().toPath().resolve(UserDirectoryComponent.STORE_FILE)));

        UserDirectoryComponent again = onFiles();
        again.activate(context("another-secret", outside.getPath()), Fakes.config());
        assertEquals(Set.of("fp_admin"), again.find("admin").roles());
        assertTrue("the admin of the first start is kept",
                again.verifyPassword("admin", expectedAdminPassword("first-start-secret")).isPresent());
    }

    @Test
    public void firstStartCreatesTheAdminWhoAuthenticatesAndSurvivesARestart() {
        UserDirectoryComponent directory = onFiles();
        directory.activate(context("first-start-secret"), Fakes.config());
        assertTrue(Files.exists(temp.getRoot().toPath().resolve(UserDirectoryComponent.STORE_FILE)));
        assertEquals(Set.of("fp_admin"), directory.find("admin").roles());
        assertTrue(directory.find("admin").passwordHash().startsWith("$pbkdf2-sha256$i=600000$"));

        UserAuthManager manager = new UserAuthManager(directory, Fakes.sessions(temp.getRoot().toPath()),
                new DisabledAccessTokens(), Fakes.config());
        manager.throttle = new io.github.fpauth.user.throttle.FailureThrottle(
                io.github.fpauth.user.throttle.ThrottleSettings.defaults());
        manager.storage = Fakes.fileStorage();
        String password = expectedAdminPassword("first-start-secret");
        AuthResult result = manager.authenticate(Fakes.request(basic("admin:" + password)));
        assertTrue(result.isAuthenticated());
        assertTrue(result.user().isAdmin());
        manager.deactivate();

        UserDirectoryComponent restarted = onFiles();
        restarted.activate(context("another-secret"), Fakes.config());
        assertEquals(1, restarted.users().size());
        assertEquals(directory.find("admin").passwordHash(), restarted.find("admin").passwordHash());
        assertEquals(1, stopped.getCount()); // nobody stopped the bundle
    }

    @Test
    public void iterationsBelowTheFloorAreRaisedToIt() {
        UserDirectoryComponent directory = onFiles();
        directory.activate(context("first-start-secret"), Fakes.config(java.util.Map.of("passwordIterations", 1000)));
        assertTrue(directory.find("admin").passwordHash().startsWith("$pbkdf2-sha256$i=600000$"));
    }

    @Test
    public void outOfRangeHashingBudgetSettingsAreClampedAndHashingGoesOn() {
        UserDirectoryComponent directory = onFiles();
        directory.activate(context("first-start-secret"), Fakes.config(java.util.Map.of(
                "passwordHashingCpuShare", Double.NaN, "passwordHashingMaxWaitSeconds", -3)));
        String password = expectedAdminPassword("first-start-secret");
        assertTrue(directory.verifyPassword("admin", password).isPresent());

        directory.modified(Fakes.config(java.util.Map.of("passwordHashingCpuShare", 7.0,
                "passwordHashingMaxWaitSeconds", 100_000)));
        assertTrue("the budget saved up while idle is kept", directory.verifyPassword("admin", password).isPresent());
    }

    @Test
    public void aCorruptStoreStopsTheBundleAndIsNeverReplaced() throws Exception {
        Path store = temp.getRoot().toPath().resolve(UserDirectoryComponent.STORE_FILE);
        byte[] corrupt = "fpauth-user-store\t1\nuser\tname=alice\tdisplayNa".getBytes(StandardCharsets.UTF_8);
        Files.write(store, corrupt);
        try {
            onFiles().activate(context("first-start-secret"), Fakes.config());
            fail("activated on a corrupt store");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(store.toAbsolutePath().toString()));
            assertTrue(expected.getMessage(), expected.getMessage().contains("corrupt"));
        }
        assertTrue("the bundle was not stopped", stopped.await(10, TimeUnit.SECONDS));
        assertEquals(Bundle.STOP_TRANSIENT, stopOptions.get());
        assertArrayEquals(corrupt, Files.readAllBytes(store));
    }

    @Test
    public void aStartWhoseActivationFailsManyTimesStopsTheBundleOnce() throws Exception {
        Files.write(temp.getRoot().toPath().resolve(UserDirectoryComponent.STORE_FILE),
                "not a user store\n".getBytes(StandardCharsets.UTF_8));
        BundleContext oneStart = context("first-start-secret");
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                // SCR tries again for every component that asks for the service
                onFiles().activate(oneStart, Fakes.config());
                fail("activated on a corrupt store");
            } catch (IllegalStateException expected) {
                // the store is refused every time
            }
        }
        assertTrue("the bundle was not stopped", stopped.await(10, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertEquals("a late stop would stop the next start, after the repair", 1, stops.get());
    }

    /** The component as DS gives it when auth-user keeps its records in files. */
    private static UserDirectoryComponent onFiles() {
        UserDirectoryComponent component = new UserDirectoryComponent();
        component.storage = Fakes.fileStorage();
        return component;
    }
}
