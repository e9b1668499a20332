package io.github.fpauth.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.Poll;

/** auth-user's store lives in the bundle's data area: it survives restarts and is never silently replaced. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UserStoreIT extends FpauthTestSupport {

    private static final String STORE_FILE = "users.txt";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActive() {
        awaitActiveManager("auth_user");
    }

    @Test
    public void usersSurviveARestartOfTheBundle() throws Exception {
        addUser("carol", "carol-Secret-1", "user");
        assertEquals(200, http().get("/", "carol", "carol-Secret-1").status());

        stop(FpauthBundle.USER);
        awaitActiveManager(null);
        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");

        Http.Response home = http().get("/", "carol", "carol-Secret-1");
        assertEquals("carol after a restart: " + home, 200, home.status());
    }

    @Test
    public void anUnreadableStoreStopsTheBundleAndIsNeverReplacedByAnEmptyOne() throws Exception {
        Bundle user = bundle(FpauthBundle.USER);
        File store = user.getDataFile(STORE_FILE);
        assertTrue("the store is in the bundle's data area: " + store, store != null && store.isFile());
        stop(FpauthBundle.USER);
        awaitActiveManager(null);
        byte[] good = Files.readAllBytes(store.toPath());
        byte[] garbage = "this is not a user store\n\u0000\u0001\u0002 {[(\n".getBytes(StandardCharsets.UTF_8);
        Files.write(store.toPath(), garbage);
        try {
            user.start();

            Poll.until("auth-user stopped itself", () -> user.getState(), state -> state == Bundle.RESOLVED);
            Http.Response ready = http().get("/ready");
            assertEquals("no auth_user with an unreadable store: " + ready, "null", ready.json("activeManager"));
            Http.Response me = http().get("/api/me", ADMIN, ADMIN_PASSWORD);
            assertEquals("no admin recreated from an empty store: " + me, "false", me.json("authenticated"));
            assertArrayEquals("the unreadable store is left as it was", garbage, Files.readAllBytes(store.toPath()));
        } finally {
            Files.write(store.toPath(), good);
        }

        start(FpauthBundle.USER);
        awaitActiveManager("auth_user");
        assertEquals(200, http().get("/", ADMIN, ADMIN_PASSWORD).status());
    }
}
