package io.github.fpauth.bench.load;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The request headers that authenticate alice, each way auth-user offers, obtained as a user would. */
final class Credentials {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("id=\"token-secret\">(fpat_[A-Za-z0-9_-]+)<");
    private static final String CSRF_COOKIE = "FPAUTH_CSRF";
    private static final String SESSION_COOKIE = "FPAUTH_SESSION";

    private Credentials() {
    }

    static Map<String, String> basic() {
        return Map.of("Authorization", Http.basic(BenchRuntime.USER, BenchRuntime.PASSWORD), "Accept", "*/*");
    }

    /** A session cookie from the login form (GET /login, POST /login), when auth-user has one. */
    static Optional<Map<String, String>> sessionCookie(BenchRuntime runtime) {
        Http.Response form = Http.get(runtime.url("/login"), Map.of("Accept", "text/html"));
        Matcher field = CSRF_FIELD.matcher(form.body());
        String nonce = form.cookie(CSRF_COOKIE);
        if (form.status() != 200 || !field.find() || nonce == null) {
            System.out.println("  no login form (" + form.status() + "): no session cookie variant");
            return Optional.empty();
        }
        Http.Response login = Http.post(runtime.url("/login"), Map.of("Cookie", CSRF_COOKIE + "=" + nonce),
                "username=" + BenchRuntime.USER + "&password=" + encode(BenchRuntime.PASSWORD) + "&csrf="
                        + encode(unescape(field.group(1))));
        String session = login.cookie(SESSION_COOKIE);
        if (login.status() != 303 || session == null) {
            throw new IllegalStateException("login refused: " + login.status() + " " + login.setCookies());
        }
        return Optional.of(Map.of("Cookie", SESSION_COOKIE + "=" + session, "Accept", "*/*"));
    }

    /**
     * Builds wrong-password posts of the login form, all with one CSRF cookie and field pair
     * fetched once (a double-submit token stays valid for every post that carries both), or
     * empty when there is no login form.
     */
    static Optional<LoginFlood.FormAttempt> loginFormAttempts(BenchRuntime runtime) {
        Http.Response form = Http.get(runtime.url("/login"), Map.of("Accept", "text/html"));
        Matcher field = CSRF_FIELD.matcher(form.body());
        String nonce = form.cookie(CSRF_COOKIE);
        if (form.status() != 200 || !field.find() || nonce == null) {
            return Optional.empty();
        }
        String csrf = encode(unescape(field.group(1)));
        return Optional.of((path, account, password) -> {
            String body = "username=" + encode(account) + "&password=" + encode(password) + "&csrf=" + csrf;
            return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nCookie: " + CSRF_COOKIE + "="
                    + nonce + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8);
        });
    }

    /** A personal access token created on the profile page, as a Bearer header, when auth-user has them. */
    static Optional<Map<String, String>> token(BenchRuntime runtime) {
        Map<String, String> basic = basic();
        Http.Response page = Http.get(runtime.url("/profile/tokens"), basic);
        Matcher field = CSRF_FIELD.matcher(page.body());
        String nonce = page.cookie(CSRF_COOKIE);
        if (page.status() != 200 || !field.find() || nonce == null) {
            System.out.println("  no token page (" + page.status() + "): no access token variant");
            return Optional.empty();
        }
        Http.Response created = Http.post(runtime.url("/profile/tokens"),
                Map.of("Authorization", basic.get("Authorization"), "Cookie", CSRF_COOKIE + "=" + nonce),
                "action=create&name=bench" + System.nanoTime() + "&days=&csrf=" + encode(unescape(field.group(1))));
        Matcher token = TOKEN.matcher(created.body());
        if (created.status() != 200 || !token.find()) {
            throw new IllegalStateException("token not created: " + created.status());
        }
        return Optional.of(Map.of("Authorization", "Bearer " + token.group(1), "Accept", "*/*"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
