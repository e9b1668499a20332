package io.github.fpauth.user.web.form;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.password.HashingBusyException;
import io.github.fpauth.user.session.FakeHttp;
import io.github.fpauth.user.store.UserStoreException;

public class FormErrorsTest {

    private final PageLayout layout = (request, response, title, bodyHtml) -> response.getWriter().write(bodyHtml);

    private FakeHttp.Response handle(FormErrors.Action action) throws Exception {
        FakeHttp.Request request = new FakeHttp.Request();
        request.method = "POST";
        request.uri = "/admin/users";
        FakeHttp.Response response = new FakeHttp.Response();
        FormErrors.handle(layout, request.proxy(), response.proxy(), "Users", "/admin/users", action);
        return response;
    }

    @Test
    public void refusedInputIs400WithItsMessage() throws Exception {
        FakeHttp.Response response = handle(() -> {
            throw new IllegalArgumentException("no user 'x'");
        });
        assertEquals(400, response.status);
        assertTrue(response.body.toString(), response.body.toString().contains("no user &#39;x&#39;"));
    }

    @Test
    public void anUnwritableStoreIs503() throws Exception {
        FakeHttp.Response response = handle(() -> {
            throw new UserStoreException("disk full");
        });
        assertEquals(503, response.status);
        assertTrue(response.body.toString().contains("nothing was changed"));
    }

    @Test
    public void busyPasswordHashingIs503WithRetryAfter() throws Exception {
        FakeHttp.Response response = handle(() -> {
            throw new HashingBusyException(4);
        });
        assertEquals(503, response.status);
        assertEquals("4", response.header("Retry-After"));
        assertTrue(response.body.toString(),
                response.body.toString().contains("Try again in 4 seconds. Nothing was changed."));
    }
}
