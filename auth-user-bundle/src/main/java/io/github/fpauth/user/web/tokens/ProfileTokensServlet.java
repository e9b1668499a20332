package io.github.fpauth.user.web.tokens;

import static io.github.fpauth.api.ui.PageLayout.escape;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.route.RequireAuthentication;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.store.UserNames;
import io.github.fpauth.user.token.AccessToken;
import io.github.fpauth.user.token.AccessTokens;
import io.github.fpauth.user.web.form.FormErrors;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@code /profile/tokens}: the signed-in user's personal access tokens. {@code GET} lists them
 * (name, created, expires, last used) with a creation form; {@code POST action=create} creates
 * one and shows its secret this once; {@code POST action=revoke} revokes one. POSTs carry the
 * CSRF token. With access tokens disabled (an unreadable token store) every request is answered
 * 503 saying so.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("fpauth profile tokens")
@HttpWhiteboardServletPattern(ProfileTokensServlet.PATH)
@RequireAuthentication
public class ProfileTokensServlet extends HttpServlet {

    public static final String PATH = "/profile/tokens";

    private static final long serialVersionUID = 1L;
    private static final String TITLE = "Access tokens";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final transient AccessTokens tokens;
    private final transient CsrfTokens csrf;
    private final transient PageLayout layout;

    @Activate
    public ProfileTokensServlet(@Reference AccessTokens tokens, @Reference CsrfTokens csrf,
            @Reference PageLayout layout) {
        this.tokens = tokens;
        this.csrf = csrf;
        this.layout = layout;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!FormFields.refuseUnparsable(request, response)) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FormErrors.handle(layout, request, response, TITLE, PATH,
                () -> layout.render(request, response, TITLE, page(request, response, null)));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FormErrors.handle(layout, request, response, TITLE, PATH, () -> {
            if (!csrf.verify(request, response)) {
                return; // answered 403
            }
            String user = CurrentUser.get(request).getName();
            FormFields form = new FormFields(request);
            String action = form.required("action", "the action");
            if ("create".equals(action)) {
                String name = AccessToken.requireValidName(form.required("name", "the token name"));
                int days = form.number("days", "the expiry in days", 0, AccessTokens.MAX_DAYS, 0);
                AccessTokens.CreatedToken created = tokens.create(user, name, days);
                String shown = "<div id=\"new-token\"><p>Your new token <strong>" + escape(name) + "</strong>. Copy it "
                        + "now: it is shown only this once.</p><p><code id=\"token-secret\">" + escape(created.secret())
                        + "</code></p></div>";
                layout.render(request, response, TITLE, page(request, response, shown));
            } else if ("revoke".equals(action)) {
                String name = form.required("name", "the token name");
                if (!tokens.revoke(user, name)) {
                    throw new IllegalArgumentException("you have no token named '" + UserNames.printable(name) + "'");
                }
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", PATH);
            } else {
                throw new IllegalArgumentException("unknown action '" + UserNames.printable(action) + "'");
            }
        });
    }

    private String page(HttpServletRequest request, HttpServletResponse response, String notice) {
        String user = CurrentUser.get(request).getName();
        String token = csrf.token(request, response);
        StringBuilder body = new StringBuilder(2048);
        if (notice != null) {
            body.append(notice);
        }
        body.append("<p>Use a token as <code>Authorization: Bearer &lt;token&gt;</code> or as the password of HTTP ")
                .append("Basic with your user name.</p>");
        List<AccessToken> list = tokens.tokensOf(user);
        if (list.isEmpty()) {
            body.append("<p id=\"no-tokens\">You have no access tokens.</p>");
        } else {
            body.append("<table id=\"tokens\"><tr><th>Name</th><th>Created</th><th>Expires</th><th>Last used</th>")
                    .append("<th></th></tr>");
            for (AccessToken t : list) {
                body.append("<tr><td>").append(escape(t.name())).append("</td><td>").append(time(t.createdAt()))
                        .append("</td><td>").append(t.expiresAt() == null ? "never" : time(t.expiresAt()))
                        .append("</td><td>").append(t.lastUsedAt() == null ? "never" : time(t.lastUsedAt()))
                        .append("</td><td>").append(form("revoke", token)).append(hidden("name", t.name()))
                        .append("<button type=\"submit\">Revoke</button></form></td></tr>");
            }
            body.append("</table>");
        }
        body.append("<h2>Create a token</h2>").append(form("create", token))
                .append("<label>Name <input name=\"name\" required maxlength=\"").append(AccessToken.MAX_NAME_LENGTH)
                .append("\"></label> <label>Expires after (days, empty for never) <input name=\"days\" ")
                .append("type=\"number\" min=\"1\" max=\"").append(AccessTokens.MAX_DAYS).append("\"></label> ")
                .append("<button type=\"submit\" id=\"create\">Create</button></form>");
        return body.toString();
    }

    private static String form(String action, String csrfToken) {
        return "<form method=\"post\" action=\"" + PATH + "\">" + hidden(CsrfTokens.FIELD, csrfToken)
                + hidden("action", action);
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }
}
