package io.github.fpauth.user.web;

import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.github.fpauth.api.ui.PageLayout;

/**
 * Writes this bundle's pages: through the core's {@link PageLayout} when one is registered,
 * else in a bare page (an older core, or the core stopped), so login never depends on it.
 * Every page refuses framing and caching: they hold forms and personal data.
 */
final class Pages {

    private Pages() {
    }

    static void render(PageLayout layout, HttpServletRequest request, HttpServletResponse response, String title,
            String bodyHtml) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (layout != null) {
            layout.render(request, response, title, bodyHtml);
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(PageLayout.escape(title)).append("</title></head><body><main><h1>")
                .append(PageLayout.escape(title)).append("</h1>\n").append(bodyHtml).append("\n</main></body></html>\n");
    }

    static String message(String cssClass, String text) {
        return "<p class=\"" + cssClass + "\" role=\"alert\">" + PageLayout.escape(text) + "</p>";
    }

    /** The parameter, or "" when absent. */
    static String param(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value;
    }
}
