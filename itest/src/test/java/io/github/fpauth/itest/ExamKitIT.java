package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import io.github.fpauth.exam.FpauthBundles;
import io.github.fpauth.exam.FpauthOptions;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.Json;
import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.RuntimeBundle;

/**
 * The configuration the README shows downstream users, through the kit's static options as they
 * call them. Only the bundle files differ: the build's jars are handed to the kit under its own
 * {@code fpauth.exam.bundle.} properties, as a downstream build without a repository would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExamKitIT {

    private static final String ADMIN_PASSWORD = "kit-Admin-pw-93d1";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        for (String artifactId : new String[] {FpauthBundles.API, FpauthBundles.CORE, FpauthBundles.JAKARTA,
            FpauthBundles.AUTH_USER}) {
            System.setProperty(FpauthOptions.BUNDLE_FILE_PROPERTY_PREFIX + artifactId,
                    System.getProperty(RuntimeBundle.LOCATION_PROPERTY_PREFIX + artifactId));
        }
        return new Option[] {
            FpauthOptions.fpauth(),
            FpauthOptions.authUser(ADMIN_PASSWORD),
            FpauthOptions.gogo(),
            FpauthOptions.httpPort(FpauthOptions.freePort()),
            junitBundles(),
        };
    }

    @Test
    public void theReadmeConfigurationRunsFpauthWithAuthUser() {
        Http http = new Http(Integer.parseInt(context.getProperty(FpauthOptions.HTTP_PORT_PROPERTY)));
        Poll.until("auth_user active", () -> http.get("/ready"),
                r -> r.status() == 200 && Json.quoted("auth_user").equals(r.json("activeManager")));

        assertEquals(401, http.get("/").status());
        assertEquals(200, http.get("/", "admin", ADMIN_PASSWORD).status());
        assertEquals("true", http.get("/api/me", "admin", ADMIN_PASSWORD).json("admin"));
    }
}
