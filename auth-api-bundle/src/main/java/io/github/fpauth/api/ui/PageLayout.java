package io.github.fpauth.api.ui;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Renders a page inside fpauth's common layout, a service registered by the fpauth core: a top
 * bar with the current user's display name and avatar (profile picture, else initials) or a
 * "Log in" link, the user menu the active {@link io.github.fpauth.api.AuthManager} contributes,
 * and, for admins only, the admin section. Plugin bundles call it instead of copying HTML.
 *
 * <pre>
 * &#64;Reference PageLayout layout;
 * layout.render(request, response, "Reports", "&lt;p&gt;" + PageLayout.escape(text) + "&lt;/p&gt;");
 * </pre>
 */
@ProviderType
public interface PageLayout {

    /**
     * Service property of a whiteboard servlet: the label under which the admin section links to
     * it (its first pattern). Such links are shown to admins only.
     */
    String ADMIN_MENU_LABEL = "fpauth.admin.menu.label";

    /**
     * Writes a whole HTML page (status unchanged, {@code text/html; charset=UTF-8}).
     *
     * @param title    the page title, plain text (escaped here)
     * @param bodyHtml the page's content, HTML the caller built and escaped
     */
    void render(HttpServletRequest request, HttpServletResponse response, String title, String bodyHtml)
            throws IOException;

    /** Escapes text for an HTML element or a quoted attribute value. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String replacement;
            switch (text.charAt(i)) {
            case '<':
                replacement = "&lt;";
                break;
            case '>':
                replacement = "&gt;";
                break;
            case '&':
                replacement = "&amp;";
                break;
            case '"':
                replacement = "&quot;";
                break;
            case '\'':
                replacement = "&#39;";
                break;
            default:
                replacement = null;
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(text.charAt(i));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
