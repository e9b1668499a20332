package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;
import io.github.fpauth.itest.support.WhoAmIServlet;

/**
 * The test infrastructure itself: a servlet registered on the whiteboard from inside the
 * container answers over real HTTP, and without the core every request is anonymous.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WhiteboardOverHttpIT extends FpauthTestSupport {

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option()};
    }

    @Test
    public void aWhiteboardServletAnswersOverHttpAndTheUserIsAnonymousWithoutTheCore() {
        registerServlet("whoami", "/itest/whoami", new WhoAmIServlet());

        Http.Response response = awaitStatus("/itest/whoami", 200);

        Map<String, String> seen = WhoAmIServlet.parse(response.body());
        assertEquals(response.toString(), "none", seen.get("manager"));
        assertEquals(response.toString(), "anonymous", seen.get("user"));
        assertEquals(response.toString(), "null", seen.get("remoteUser"));
        assertEquals(response.toString(), "false", seen.get("inRole.fp_admin"));
    }
}
