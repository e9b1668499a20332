package io.github.fpauth.user.web.admin;

import static io.github.fpauth.api.ui.PageLayout.escape;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.Roles;
import io.github.fpauth.api.route.RequireRole;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.csrf.CsrfTokens;
import io.github.fpauth.user.reset.PasswordResets;
import io.github.fpauth.user.session.SessionInfo;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;
import io.github.fpauth.user.throttle.Lockout;
import io.github.fpauth.user.throttle.Throttle;
import io.github.fpauth.user.token.AccessToken;
import io.github.fpauth.user.token.AccessTokens;
import io.github.fpauth.user.token.TokensDisabledException;
import io.github.fpauth.user.web.form.FormErrors;
import io.github.fpauth.user.web.form.FormFields;

/**
 * {@code /admin/users}: user administration for {@code fp_admin}. {@code GET} lists the users,
 * the current lockouts and a creation form; {@code GET ?user=NAME} shows one user with forms to
 * edit, disable, reset the password, delete, and the user's sessions and tokens. Every change
 * is a {@code POST} with a CSRF token and an {@code action} field, answered by a redirect to the
 * page showing the result (400 with a message when refused).
 *
 * <p>An admin cannot disable or delete their own account nor drop their own {@code fp_admin}
 * role here: that is how the last admin would lock everybody out.
 */
@Component(service = Servlet.class, property = PageLayout.ADMIN_MENU_LABEL + "=Users")
@HttpWhiteboardServletName("fpauth admin users")
@HttpWhiteboardServletPattern(AdminUsersServlet.PATH)
@RequireRole(Roles.ADMIN)
public class AdminUsersServlet extends HttpServlet {

    public static final String PATH = "/admin/users";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminUsersServlet.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String TITLE = "Users";

    private final transient UserDirectory directory;
    private final transient SessionStore sessions;
    private final transient AccessTokens tokens;
    private final transient Throttle throttle;
    private final transient CsrfTokens csrf;
    private final transient PageLayout layout;
    private final transient PasswordResets resets;

    @Activate
    public AdminUsersServlet(@Reference UserDirectory directory, @Reference SessionStore sessions,
            @Reference AccessTokens tokens, @Reference Throttle throttle, @Reference CsrfTokens csrf,
            @Reference PageLayout layout, @Reference PasswordResets resets) {
        this.directory = directory;
        this.sessions = sessions;
        this.tokens = tokens;
        this.throttle = throttle;
        this.csrf = csrf;
        this.layout = layout;
        this.resets = resets;
    }

    // ------------------------------------------------------------------ GET

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!FormFields.refuseUnparsable(request, response)) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FormErrors.handle(layout, request, response, TITLE, PATH, () -> {
            String name = new FormFields(request).optional("user");
            if (name.isEmpty()) {
                layout.render(request, response, TITLE, listPage(request, response));
                return;
            }
            User user = directory.find(name);
            if (user == null) {
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                layout.render(request, response, TITLE, "<p class=\"error\" id=\"error\">No user '"
                        + escape(UserNames.printable(name)) + "'.</p><p><a href=\"" + PATH + "\">All users</a></p>");
                return;
            }
            layout.render(request, response, "User " + user.name(), userPage(request, response, user));
        });
    }

    private String listPage(HttpServletRequest request, HttpServletResponse response) {
        String token = csrf.token(request, response);
        StringBuilder body = new StringBuilder(4096);
        body.append("<table id=\"users\"><tr><th>Name</th><th>Display name</th><th>Roles</th><th>Enabled</th>"
                + "<th>Two-factor</th></tr>");
        for (User user : directory.users()) {
            body.append("<tr><td><a href=\"").append(userHref(user.name())).append("\">").append(escape(user.name()))
                    .append("</a></td><td>").append(escape(user.displayName())).append("</td><td>")
                    .append(escape(String.join(", ", user.roles()))).append("</td><td>")
                    .append(user.isEnabled() ? "yes" : "no").append("</td><td class=\"two-factor\">")
                    .append(user.hasSecondFactor() ? "on" : "off").append("</td></tr>");
        }
        body.append("</table>\n<h2>Create a user</h2>")
                .append(form("create", token, null))
                .append("<label>Name <input name=\"name\" required maxlength=\"").append(UserNames.MAX_NAME_LENGTH)
                .append("\" autocomplete=\"off\"></label> ")
                .append("<label>Display name <input name=\"displayName\" maxlength=\"")
                .append(UserNames.MAX_DISPLAY_NAME_LENGTH).append("\"></label> ")
                .append("<label>Roles <input name=\"roles\" placeholder=\"fp_admin, ...\"></label> ")
                .append("<label>Password <input type=\"password\" name=\"password\" required autocomplete=\"new-password\">")
                .append("</label> <button type=\"submit\" id=\"create\">Create</button></form>\n");
        lockouts(body, throttle.lockouts(), token);
        return body.toString();
    }

    private String userPage(HttpServletRequest request, HttpServletResponse response, User user) {
        String token = csrf.token(request, response);
        String name = user.name();
        StringBuilder body = new StringBuilder(4096);
        body.append("<p><a href=\"").append(PATH).append("\">All users</a></p>")
                .append("<p id=\"status\">").append(user.isEnabled() ? "Enabled" : "Disabled").append("</p>");
        if (!user.linkedIdentities().isEmpty()) {
            // provider:subject, as the providers vouch for them (docs/single-sign-on.md)
            body.append("<p id=\"linked\">Signs in with ")
                    .append(escape(String.join(", ", user.linkedIdentities()))).append("</p>");
        }
        body.append("<h2>Profile</h2>").append(form("update", token, name))
                .append("<label>Display name <input name=\"displayName\" value=\"").append(escape(user.displayName()))
                .append("\" maxlength=\"").append(UserNames.MAX_DISPLAY_NAME_LENGTH).append("\"></label> ")
                .append("<label>Roles <input name=\"roles\" value=\"").append(escape(String.join(", ", user.roles())))
                .append("\"></label> <label>Email (for password reset) <input name=\"email\" type=\"email\" value=\"")
                .append(user.email() == null ? "" : escape(user.email())).append("\" maxlength=\"")
                .append(UserNames.MAX_EMAIL_LENGTH).append("\"></label> ")
                .append("<button type=\"submit\" id=\"update\">Save</button></form>\n");
        body.append(form(user.isEnabled() ? "disable" : "enable", token, name))
                .append("<button type=\"submit\" id=\"toggle\">").append(user.isEnabled() ? "Disable" : "Enable")
                .append("</button></form>\n");
        body.append("<h2>Reset the password</h2>").append(form("reset-link", token, name))
                .append("<button type=\"submit\" id=\"reset-link\">Make a one-time reset link</button></form>")
                .append("<p class=\"notice\">The user sets a new password with it; it ends the user's sessions.</p>")
                .append(form("password", token, name))
                .append("<label>New password <input type=\"password\" name=\"password\" required ")
                .append("autocomplete=\"new-password\"></label> <button type=\"submit\" id=\"reset\">Set password</button>")
                .append("</form><p class=\"notice\">Setting a password ends the user's sessions.</p>\n");

        body.append("<h2>Two-factor sign-in</h2>");
        if (user.hasSecondFactor()) {
            body.append("<p id=\"two-factor-state\">On.</p>").append(form("reset-two-factor", token, name))
                    .append("<button type=\"submit\" id=\"reset-two-factor\">Reset two-factor sign-in</button></form>")
                    .append("<p class=\"notice\">For a user who lost the authenticator and the recovery codes: ")
                    .append("the password alone signs in again, and the user enrols anew.</p>\n");
        } else {
            body.append("<p id=\"two-factor-state\">Off.</p>\n");
        }

        body.append("<h2>Sessions</h2>");
        List<SessionInfo> list = sessions.sessionsOf(name);
        if (list.isEmpty()) {
            body.append("<p id=\"no-sessions\">No sessions.</p>");
        } else {
            body.append("<table id=\"sessions\"><tr><th>Created</th><th>Last seen</th><th>Address</th>")
                    .append("<th>Browser</th><th></th></tr>");
            for (SessionInfo session : list) {
                body.append("<tr><td>").append(time(session.created())).append("</td><td>")
                        .append(time(session.lastSeen())).append("</td><td>").append(escape(session.clientAddress()))
                        .append("</td><td>").append(escape(session.userAgent())).append("</td><td>")
                        .append(form("revoke-session", token, name)).append(hidden("session", session.publicId()))
                        .append("<button type=\"submit\">Revoke</button></form></td></tr>");
            }
            body.append("</table>").append(form("revoke-sessions", token, name))
                    .append("<button type=\"submit\" id=\"revoke-sessions\">Revoke all sessions</button></form>");
        }

        body.append("<h2>Access tokens</h2>");
        List<AccessToken> owned = tokens.isAvailable() ? tokens.tokensOf(name) : null;
        if (owned == null) {
            body.append("<p class=\"error\" id=\"tokens-disabled\">Access tokens are disabled: the token store ")
                    .append("cannot be read. Repair or restore it (see the log), then restart the auth-user bundle.</p>");
        } else if (owned.isEmpty()) {
            body.append("<p id=\"no-tokens\">No access tokens.</p>");
        } else {
            body.append("<table id=\"tokens\"><tr><th>Name</th><th>Created</th><th>Expires</th><th>Last used</th>")
                    .append("<th></th></tr>");
            for (AccessToken t : owned) {
                body.append("<tr><td>").append(escape(t.name())).append("</td><td>").append(time(t.createdAt()))
                        .append("</td><td>").append(t.expiresAt() == null ? "never" : time(t.expiresAt()))
                        .append("</td><td>").append(t.lastUsedAt() == null ? "never" : time(t.lastUsedAt()))
                        .append("</td><td>").append(form("revoke-token", token, name)).append(hidden("token", t.name()))
                        .append("<button type=\"submit\">Revoke</button></form></td></tr>");
            }
            body.append("</table>");
        }

        List<Lockout> lockouts = throttle.lockouts();
        lockouts.removeIf(l -> !(l.kind() == Lockout.Kind.ACCOUNT && l.key().equals(name)));
        lockouts(body, lockouts, token);

        body.append("<h2>Delete</h2>").append(form("delete", token, name))
                .append("<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> ")
                .append("Delete user ").append(escape(name)).append(" with its sessions and tokens</label> ")
                .append("<button type=\"submit\" id=\"delete\">Delete</button></form>\n");
        return body.toString();
    }

    private static void lockouts(StringBuilder body, List<Lockout> lockouts, String token) {
        body.append("<h2>Lockouts</h2>");
        if (lockouts.isEmpty()) {
            body.append("<p id=\"no-lockouts\">No lockouts.</p>");
            return;
        }
        body.append("<table id=\"lockouts\"><tr><th>Account or address</th><th>Failures</th><th>Until</th><th></th></tr>");
        for (Lockout lockout : lockouts) {
            body.append("<tr><td>").append(lockout.kind() == Lockout.Kind.ACCOUNT ? "account " : "address ")
                    .append(escape(lockout.key())).append("</td><td>").append(lockout.failures()).append("</td><td>")
                    .append(time(lockout.until())).append("</td><td>").append(form("unlock", token, null))
                    .append(hidden("key", lockout.key())).append("<button type=\"submit\">Clear</button></form></td></tr>");
        }
        body.append("</table>");
    }

    private static String form(String action, String csrfToken, String user) {
        StringBuilder form = new StringBuilder(256).append("<form method=\"post\" action=\"").append(PATH)
                .append("\" class=\"").append(action).append("\">")
                .append(hidden(CsrfTokens.FIELD, csrfToken)).append(hidden("action", action));
        if (user != null) {
            form.append(hidden("user", user));
        }
        return form.toString();
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    private static String userHref(String name) {
        return PATH + "?user=" + escape(URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    // ------------------------------------------------------------------ POST

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FormErrors.handle(layout, request, response, TITLE, PATH, () -> {
            if (!csrf.verify(request, response)) {
                return; // answered 403
            }
            FormFields form = new FormFields(request);
            String action = form.required("action", "the action");
            String admin = CurrentUser.get(request).getName();
            if ("reset-link".equals(action)) {
                // Shown once, in this answer: never in a redirect's address, nor stored.
                User user = existing(form);
                String link = resets.issue(user.name(), "Admin '" + admin + "'");
                String base = resets.publicUrl().isEmpty() ? request.getScheme() + "://" + request.getServerName() + ":"
                        + request.getServerPort() : resets.publicUrl();
                layout.render(request, response, "User " + user.name(), "<p class=\"notice\">Send this link to "
                        + escape(user.name()) + " by a channel you trust. It sets a new password once, within "
                        + resets.lifetimeMinutes() + " minutes, and is shown only now.</p><p><code id=\"reset-link\">"
                        + escape(base + link) + "</code></p><p><a href=\"" + userHref(user.name()) + "\">Back</a></p>");
                return;
            }
            String back = act(action, form, admin);
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", back);
        });
    }

    /** Carries out one action; returns where to look at the result. */
    private String act(String action, FormFields form, String admin) {
        switch (action) {
        case "create": {
            String name = UserNames.requireValidName(form.required("name", "the user name"));
            String displayName = form.optional("displayName");
            if (!displayName.isEmpty()) {
                UserNames.requireValidDisplayName(displayName);
            }
            List<String> roles = form.words("roles");
            UserNames.requireValidRoles(roles);
            directory.addUser(name, form.secret("password", "the password"), roles);
            if (!displayName.isEmpty() && !displayName.equals(name)) {
                directory.setDisplayName(name, displayName);
            }
            audit(admin, "created user", name);
            return userHref(name);
        }
        case "update": {
            User user = existing(form);
            String displayName = UserNames.requireValidDisplayName(form.required("displayName", "the display name"));
            Set<String> roles = UserNames.requireValidRoles(form.words("roles"));
            String email = form.optional("email").strip();
            if (!email.isEmpty()) {
                UserNames.requireValidEmail(email);
            }
            if (user.name().equals(admin) && user.roles().contains(Roles.ADMIN) && !roles.contains(Roles.ADMIN)) {
                throw new IllegalArgumentException("you cannot remove your own " + Roles.ADMIN + " role");
            }
            directory.setDisplayName(user.name(), displayName);
            directory.setRoles(user.name(), roles);
            if (!email.equals(user.email() == null ? "" : user.email())) {
                directory.setEmail(user.name(), email.isEmpty() ? null : email);
            }
            audit(admin, "updated user", user.name());
            return userHref(user.name());
        }
        case "disable":
        case "enable": {
            User user = existing(form);
            boolean enable = action.equals("enable");
            if (!enable && user.name().equals(admin)) {
                throw new IllegalArgumentException("you cannot disable your own account");
            }
            directory.setEnabled(user.name(), enable);
            audit(admin, enable ? "enabled user" : "disabled user", user.name());
            return userHref(user.name());
        }
        case "password": {
            User user = existing(form);
            directory.setPassword(user.name(), form.secret("password", "the password"));
            sessions.revokeAll(user.name());
            audit(admin, "reset the password of", user.name());
            return userHref(user.name());
        }
        case "delete": {
            User user = existing(form);
            if (!"yes".equals(form.optional("confirm"))) {
                throw new IllegalArgumentException("tick the box to confirm the deletion");
            }
            if (user.name().equals(admin)) {
                throw new IllegalArgumentException("you cannot delete your own account");
            }
            if (!tokens.isAvailable()) {
                // The user's tokens could not be removed: a new user of the same name would
                // inherit them once the token store is repaired. Nothing is deleted.
                throw new TokensDisabledException();
            }
            directory.removeUser(user.name());
            sessions.revokeAll(user.name());
            tokens.revokeAll(user.name());
            audit(admin, "deleted user", user.name());
            return PATH;
        }
        case "reset-two-factor": {
            User user = existing(form);
            directory.removeSecondFactor(user.name());
            audit(admin, "reset the two-factor sign-in of", user.name());
            return userHref(user.name());
        }
        case "revoke-session": {
            User user = existing(form);
            if (!sessions.revoke(user.name(), form.required("session", "the session"))) {
                throw new IllegalArgumentException("user '" + user.name() + "' has no such session");
            }
            audit(admin, "revoked a session of", user.name());
            return userHref(user.name());
        }
        case "revoke-sessions": {
            User user = existing(form);
            sessions.revokeAll(user.name());
            audit(admin, "revoked all sessions of", user.name());
            return userHref(user.name());
        }
        case "revoke-token": {
            User user = existing(form);
            String token = form.required("token", "the token name");
            if (!tokens.revoke(user.name(), token)) {
                throw new IllegalArgumentException("user '" + user.name() + "' has no token named '"
                        + UserNames.printable(token) + "'");
            }
            audit(admin, "revoked token '" + token + "' of", user.name());
            return userHref(user.name());
        }
        case "unlock": {
            String key = form.required("key", "the account or address");
            throttle.unlock(key);
            audit(admin, "cleared the lockout of", UserNames.printable(key));
            return PATH;
        }
        default:
            throw new IllegalArgumentException("unknown action '" + UserNames.printable(action) + "'");
        }
    }

    private User existing(FormFields form) {
        String name = form.required("user", "the user");
        User user = directory.find(name);
        if (user == null) {
            throw new IllegalArgumentException("no user '" + UserNames.printable(name) + "'");
        }
        return user;
    }

    private static void audit(String admin, String what, String user) {
        LOG.info("Admin '{}' {} '{}'", admin, what, user);
    }
}
