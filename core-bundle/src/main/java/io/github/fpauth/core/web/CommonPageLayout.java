package io.github.fpauth.core.web;

import static io.github.fpauth.api.ui.PageLayout.escape;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.api.ui.MenuEntry;
import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.core.manager.ManagerEntry;
import io.github.fpauth.core.manager.RequestManager;

/**
 * The common layout of every fpauth page (FastPluggy's base template): the top bar shows the
 * current user (avatar and display name, with the menu the request's manager contributes), a
 * "Log in" link for anonymous users when the manager has a login page, or says that
 * authentication is off; the admin section is rendered for admins only.
 */
@Component(service = PageLayout.class)
public class CommonPageLayout implements PageLayout {

    private static final Logger LOG = LoggerFactory.getLogger(CommonPageLayout.class);

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:0;color:#222}"
            + "header{background:#234;color:#fff;padding:.5em 1em;display:flex;justify-content:space-between;"
            + "align-items:center}header a{color:#fff}.user{display:flex;align-items:center;gap:.5em}"
            + ".avatar{width:2em;height:2em;border-radius:50%;background:#58a;display:inline-flex;"
            + "align-items:center;justify-content:center;font-weight:bold;object-fit:cover}"
            + "details{position:relative}summary{cursor:pointer;list-style:none}"
            + ".menu{position:absolute;right:0;background:#fff;color:#222;border:1px solid #ccc;padding:.4em;"
            + "min-width:10em;z-index:1}.menu a,.menu button{display:block;color:#234;padding:.3em;background:none;"
            + "border:0;font:inherit;cursor:pointer;text-align:left;width:100%}"
            + "nav.admin{background:#eef;padding:.4em 1em}nav.admin a{margin-right:1em}main{padding:1em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
            + ".notice{color:#666}.error{color:#a00}";

    private final AdminMenu adminMenu;

    @Activate
    public CommonPageLayout(@Reference AdminMenu adminMenu) {
        this.adminMenu = adminMenu;
    }

    @Override
    public void render(HttpServletRequest request, HttpServletResponse response, String title, String bodyHtml)
            throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; "
                + "img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        StringBuilder page = new StringBuilder(2048 + (bodyHtml == null ? 0 : bodyHtml.length()));
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(escape(title)).append(" - fpauth</title><style>").append(STYLE).append("</style></head><body>")
                .append("<header><a class=\"brand\" href=\"/\">fpauth</a>");
        topBarUser(request, page);
        page.append("</header>");
        AuthUser user = CurrentUser.get(request);
        if (user.isAdmin()) {
            adminSection(page);
        }
        page.append("<main><h1>").append(escape(title)).append("</h1>\n").append(bodyHtml == null ? "" : bodyHtml)
                .append("\n</main></body></html>\n");
        response.getWriter().write(page.toString());
    }

    private void topBarUser(HttpServletRequest request, StringBuilder page) {
        ManagerEntry manager = RequestManager.of(request);
        AuthUser user = CurrentUser.get(request);
        page.append("<div class=\"user\" id=\"user-bar\">");
        if (manager == null) {
            page.append("<span class=\"notice\" id=\"auth-off\">Authentication is off</span>");
        } else if (!user.isAuthenticated()) {
            loginPath(manager, request).ifPresent(path -> page.append("<a id=\"login-link\" href=\"")
                    .append(escape(path)).append("\">Log in</a>"));
        } else {
            page.append("<details><summary>");
            avatar(user, page);
            page.append(" <span id=\"display-name\">").append(escape(user.displayName())).append("</span></summary>")
                    .append("<div class=\"menu\" id=\"user-menu\">");
            for (MenuEntry entry : menuEntries(manager, request)) {
                menuEntry(entry, page);
            }
            page.append("</div></details>");
        }
        page.append("</div>");
    }

    private static void avatar(AuthUser user, StringBuilder page) {
        Optional<String> picture = user.profilePicture().filter(CommonPageLayout::isSafeImageUrl);
        if (picture.isPresent()) {
            page.append("<img class=\"avatar\" id=\"avatar\" alt=\"\" src=\"").append(escape(picture.get())).append("\">");
        } else {
            page.append("<span class=\"avatar\" id=\"avatar\">").append(escape(initials(user.displayName())))
                    .append("</span>");
        }
    }

    private void adminSection(StringBuilder page) {
        List<AdminMenu.Link> links = adminMenu.links();
        page.append("<nav class=\"admin\" id=\"admin-section\"><strong>Admin</strong> ");
        for (AdminMenu.Link link : links) {
            page.append("<a href=\"").append(escape(link.path())).append("\">").append(escape(link.label()))
                    .append("</a>");
        }
        page.append("</nav>");
    }

    private static void menuEntry(MenuEntry entry, StringBuilder page) {
        if (!entry.isPost()) {
            page.append("<a href=\"").append(escape(entry.target())).append("\">").append(escape(entry.label()))
                    .append("</a>");
            return;
        }
        page.append("<form method=\"post\" action=\"").append(escape(entry.target())).append("\">");
        for (Map.Entry<String, String> field : entry.formFields().entrySet()) {
            page.append("<input type=\"hidden\" name=\"").append(escape(field.getKey())).append("\" value=\"")
                    .append(escape(field.getValue())).append("\">");
        }
        page.append("<button type=\"submit\">").append(escape(entry.label())).append("</button></form>");
    }

    // A manager's contributions must not break the page: a failing one just contributes nothing.

    private static Optional<String> loginPath(ManagerEntry manager, HttpServletRequest request) {
        try {
            Optional<String> path = manager.manager().loginPath(request);
            return path == null ? Optional.empty() : path.filter(p -> p.startsWith("/") && !p.startsWith("//"));
        } catch (RuntimeException e) {
            LOG.warn("AuthManager {} failed to give its login path: {}", manager, e.toString());
            return Optional.empty();
        }
    }

    private static List<MenuEntry> menuEntries(ManagerEntry manager, HttpServletRequest request) {
        try {
            List<MenuEntry> entries = manager.manager().userMenuEntries(request);
            return entries == null ? List.of() : entries;
        } catch (RuntimeException e) {
            LOG.warn("AuthManager {} failed to give its user menu: {}", manager, e.toString());
            return List.of();
        }
    }

    /** Up to two letters from the display name's words: "Ada Lovelace" -> "AL". */
    static String initials(String displayName) {
        StringBuilder initials = new StringBuilder(2);
        for (String word : displayName.trim().split("\\s+")) {
            if (!word.isEmpty() && initials.length() < 2) {
                initials.appendCodePoint(word.codePointAt(0));
            }
        }
        return initials.length() == 0 ? "?" : initials.toString().toUpperCase(Locale.ROOT);
    }

    /** An https/http URL or a same-origin path: never javascript:, data: or protocol-relative. */
    static boolean isSafeImageUrl(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        return u.startsWith("https://") || u.startsWith("http://") || (u.startsWith("/") && !u.startsWith("//"));
    }
}
