package io.github.fpauth.itest;

import static org.junit.Assert.assertTrue;

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

/** Without {@code fpauth.admin.password} the first admin gets a random password: there is no default one. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NoAdminPasswordIT extends FpauthTestSupport {

    @Override
    protected String adminPassword() {
        return null;
    }

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void authUserIsActive() {
        awaitActiveManager("auth_user");
    }

    @Test
    public void theAdminExistsButNoGuessablePasswordOpensIt() throws Exception {
        String users = gogo("fpauth:users");
        assertTrue("the admin is created anyway: " + users, users.contains(ADMIN));

        for (String guess : new String[] {"", "admin", "password", "changeme", "fpauth", "secret", "123456",
                ADMIN_PASSWORD}) {
            Http.Response response = http().get("/admin", ADMIN, guess);
            // refused: 401, or 429 once the brute-force protection stops the guessing
            assertTrue("admin with password '" + guess + "': " + response,
                    response.status() == 401 || response.status() == 429);
        }
    }
}
