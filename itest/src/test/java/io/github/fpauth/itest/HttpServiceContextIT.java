package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.http.HttpService;

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.WhoAmIServlet;

/** Servlets registered the old way, through the Http Service, see the current user and can be protected too. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpServiceContextIT extends FpauthTestSupport {

    private static final String ALIAS = "/legacy";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void aServletRegisteredThroughTheHttpService() throws Exception {
        awaitActiveManager("auth_user");
        service(HttpService.class).registerServlet(ALIAS, new WhoAmIServlet(), null, null);
        awaitStatus(ALIAS, 200);
    }

    @After
    public void unregisterTheServlet() {
        service(HttpService.class).unregister(ALIAS);
    }

    @Test
    public void theCurrentUserIsResolvedForHttpServiceServlets() {
        Http.Response admin = http().get(ALIAS, ADMIN, ADMIN_PASSWORD);

        Map<String, String> seen = WhoAmIServlet.parse(admin.body());
        assertEquals(admin.toString(), "auth_user", seen.get("manager"));
        assertEquals(admin.toString(), ADMIN, seen.get("user"));
        assertEquals(admin.toString(), ADMIN, seen.get("remoteUser"));
    }

    @Test
    public void aFactoryConfigurationForAllContextsGuardsHttpServiceServlets() throws Exception {
        configureFactory("io.github.fpauth.core.protect", "prefix", ALIAS, "context", "*");

        awaitStatus(ALIAS, 401);
        assertEquals(200, http().get(ALIAS, ADMIN, ADMIN_PASSWORD).status());
    }
}
