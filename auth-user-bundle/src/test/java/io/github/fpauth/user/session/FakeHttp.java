package io.github.fpauth.user.session;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Hand-made requests and responses for the session, CSRF and page tests. */
public final class FakeHttp {

    private FakeHttp() {
    }

    /** A request to build up; {@link #proxy()} gives the servlet view of it. */
    public static final class Request {
        public final Map<String, String> headers = new HashMap<>();
        public final List<Cookie> cookies = new ArrayList<>();
        public final Map<String, Object> attributes = new HashMap<>();
        public final Map<String, String> parameters = new HashMap<>();
        public String method = "GET";
        public String uri = "/";
        public String query;
        public String servletPath;
        public boolean secure;

        public Request header(String name, String value) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
            return this;
        }

        public Request cookie(String name, String value) {
            cookies.add(new Cookie(name, value));
            return this;
        }

        public Request param(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, method, args) -> {
                        switch (method.getName()) {
                        case "getHeader":
                            return headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                        case "getHeaders":
                            String value = headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                            return Collections.enumeration(value == null ? List.of() : List.of(value));
                        case "getCookies":
                            return cookies.isEmpty() ? null : cookies.toArray(new Cookie[0]);
                        case "getAttribute":
                            return attributes.get(args[0]);
                        case "setAttribute":
                            attributes.put((String) args[0], args[1]);
                            return null;
                        case "removeAttribute":
                            attributes.remove(args[0]);
                            return null;
                        case "getParameter":
                            return parameters.get(args[0]);
                        case "getMethod":
                            return this.method;
                        case "getRequestURI":
                            return uri;
                        case "getQueryString":
                            return query;
                        case "getServletPath":
                            return servletPath != null ? servletPath : uri;
                        case "isSecure":
                            return secure;
                        case "getRemoteAddr":
                            return "192.0.2.7";
                        case "toString":
                            return "FakeRequest " + uri;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    /** Records what is set on a response. */
    public static final class Response {
        public final Map<String, List<String>> headers = new LinkedHashMap<>();
        public int status = 200;
        public String message;
        public final java.io.StringWriter body = new java.io.StringWriter();

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        public HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, method, args) -> {
                        switch (method.getName()) {
                        case "setHeader":
                            headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                            return null;
                        case "addHeader":
                            headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                            return null;
                        case "setStatus":
                            status = (Integer) args[0];
                            return null;
                        case "sendError":
                            status = (Integer) args[0];
                            message = args.length > 1 ? (String) args[1] : null;
                            return null;
                        case "isCommitted":
                            return false;
                        case "resetBuffer":
                            body.getBuffer().setLength(0);
                            return null;
                        case "getWriter":
                            return new java.io.PrintWriter(body, true);
                        case "setContentType":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }
}
