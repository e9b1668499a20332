package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.http.HttpServletRequest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.route.RouteRequirements;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * A manager that goes away in the middle of a request (its service unregistered while it
 * authenticates, as when its bundle stops) cannot leave that request authenticated by it: the
 * request goes on with the state that follows, here no manager at all, so anonymous.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagerGoneMidRequestIT extends FpauthTestSupport {

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option()};
    }

    @Test
    public void aRequestAuthenticatedByAManagerThatLeftIsNotAuthenticatedByIt() {
        registerWhoAmI("/itest/guarded", RouteRequirements.REQUIRE_ROLE, "fp_admin");
        AtomicReference<ServiceRegistration<AuthManager>> self = new AtomicReference<>();
        self.set(registerManager(new AuthManager() {
            @Override
            public String name() {
                return "leaving";
            }

            @Override
            public AuthResult authenticate(HttpServletRequest request) {
                if (request.getHeader("X-Leave") != null) {
                    self.get().unregister(); // gone while this request is being served
                }
                return AuthResult.authenticated(AuthUser.of("root", "fp_admin"));
            }
        }, 0));
        awaitActiveManager("leaving");

        Http.Response response = http().getWithHeaders("/itest/guarded", "X-Leave", "now");

        assertEquals(response.toString(), 200, response.status());
        Map<String, String> seen = WhoAmIServlet.parse(response.body());
        assertEquals(response.body(), WhoAmIServlet.NO_MANAGER, seen.get("manager"));
        assertEquals(response.body(), "anonymous", seen.get("user"));
        awaitActiveManager(null);
    }
}
