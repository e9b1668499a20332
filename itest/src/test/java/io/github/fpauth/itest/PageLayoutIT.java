package io.github.fpauth.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.itest.support.FpauthBundle;
import io.github.fpauth.itest.support.FpauthTestSupport;
import io.github.fpauth.itest.support.Http;

/** A plugin bundle's page rendered inside the core's common layout, as each kind of user sees it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PageLayoutIT extends FpauthTestSupport {

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {FpauthBundle.API.option(), FpauthBundle.CORE.option(), FpauthBundle.USER.option()};
    }

    @Before
    public void pluginPageIsUp() {
        PageLayout layout = service(PageLayout.class);
        registerServlet("plugin page", "/plugin", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                layout.render(req, resp, "Plugin", "<p id=\"plugin-body\">" + PageLayout.escape("<hello>") + "</p>");
            }
        });
        registerServlet("plugin admin page", "/admin/plugin/*", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                layout.render(req, resp, "Plugin admin", "");
            }
        }, PageLayout.ADMIN_MENU_LABEL, "Plugin settings");
        awaitStatus("/plugin", 200);
    }

    @Test
    public void anonymousVisitorsSeeThePageWithoutUserMenuOrAdminSection() {
        Http.Response page = http().get("/plugin");
        assertEquals(200, page.status());
        assertTrue(page.body(), page.body().contains("<p id=\"plugin-body\">&lt;hello&gt;</p>"));
        assertFalse(page.body(), page.body().contains("id=\"user-menu\""));
        assertFalse(page.body(), page.body().contains("id=\"admin-section\""));
    }

    @Test
    public void signedInUsersSeeTheirNameAndNoAdminSection() throws Exception {
        addUser("carol", "carol-secret-1", "user");
        Http.Response page = http().get("/plugin", "carol", "carol-secret-1");
        assertTrue(page.body(), page.body().contains("<span id=\"display-name\">carol</span>"));
        assertTrue(page.body(), page.body().contains("id=\"avatar\">C</span>"));
        assertFalse(page.body(), page.body().contains("id=\"admin-section\""));
    }

    @Test
    public void adminsSeeTheAdminSectionWithEveryContributedPage() {
        Http.Response page = http().get("/plugin", ADMIN, ADMIN_PASSWORD);
        assertTrue(page.body(), page.body().contains("id=\"admin-section\""));
        assertTrue("the core's own status page", page.body().contains("<a href=\"/admin\">Status</a>"));
        assertTrue("a plugin's admin page", page.body().contains("<a href=\"/admin/plugin\">Plugin settings</a>"));
    }

    @Test
    public void withoutAManagerTheBarSaysAuthenticationIsOff() throws Exception {
        stop(FpauthBundle.USER);
        awaitActiveManager(null);
        Http.Response page = http().get("/plugin");
        assertTrue(page.body(), page.body().contains("Authentication is off"));
        assertFalse(page.body(), page.body().contains("login-link"));
    }
}
