package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;

/** A servlet that fails never shows the client its exception or a stack trace. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerErrorPageIT extends FpauthTestSupport {

    private static final String SECRET = "s3cret-detail-in-the-exception";

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option()};
    }

    @Test
    public void aFailingServletAnswers500WithAnIncidentIdAndNoStackTrace() {
        registerServlet("failing", "/itest/failing", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                throw new IllegalStateException(SECRET);
            }
        });
        Http.Response response = awaitStatus("/itest/failing", 500);
        assertTrue(response.body(), response.body().startsWith("Server error 500 (incident "));
        assertFalse(response.body(), response.body().contains(SECRET));
        assertFalse(response.body(), response.body().contains("IllegalStateException"));
        assertFalse(response.body(), response.body().contains("\tat "));
    }

    @Test
    public void a5xxStatusGetsTheSamePage() {
        registerServlet("unavailable", "/itest/unavailable", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                resp.sendError(503, SECRET);
            }
        });
        Http.Response response = awaitStatus("/itest/unavailable", 503);
        assertFalse(response.body(), response.body().contains(SECRET));
        assertEquals(200, http().get("/ready").status());
    }
}
