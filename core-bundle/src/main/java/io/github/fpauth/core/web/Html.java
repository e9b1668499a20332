package io.github.fpauth.core.web;

import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.github.fpauth.api.AuthUser;
import io.github.fpauth.api.CurrentUser;

/** Plain server-rendered HTML for the core's pages: escaping and one shared page frame. */
final class Html {

    private Html() {
    }

    /** Escapes text for an HTML element or a quoted attribute. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
            case '<':
                out.append("&lt;");
                break;
            case '>':
                out.append("&gt;");
                break;
            case '&':
                out.append("&amp;");
                break;
            case '"':
                out.append("&quot;");
                break;
            case '\'':
                out.append("&#39;");
                break;
            default:
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Writes a whole page: a top bar with the current user, then {@code body} (already HTML). */
    static void page(HttpServletRequest request, HttpServletResponse response, String title, String body)
            throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'");
        AuthUser user = CurrentUser.get(request);
        String who;
        if (!CurrentUser.isAuthEnabled(request)) {
            who = "Authentication is off";
        } else if (user.isAuthenticated()) {
            who = "Signed in as <strong>" + escape(user.displayName()) + "</strong>";
        } else {
            who = "Not signed in";
        }
        PrintWriter out = response.getWriter();
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " - fpauth</title>"
                + "<style>body{font-family:sans-serif;margin:0}header{background:#234;color:#fff;padding:.6em 1em;"
                + "display:flex;justify-content:space-between}header a{color:#fff}main{padding:1em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
                + "</style></head><body><header><a href=\"/\">fpauth</a><span>" + who + "</span></header><main>"
                + "<h1>" + escape(title) + "</h1>\n" + body + "\n</main></body></html>\n");
    }
}
