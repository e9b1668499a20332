package io.github.fpauth.bench.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.DispatcherType;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * A GET request as a servlet container hands it to filters, reused across benchmark operations
 * like a container reuses its request objects: {@link #recycle()} clears the attributes without
 * allocating. Headers and cookies are fixed at construction.
 */
public final class FakeRequest extends HttpServletRequestWrapper {

    private final String[] headerNames;
    private final String[] headerValues;
    private final Cookie[] cookies;
    private final Map<String, Object> attributes = new HashMap<>();

    private FakeRequest(List<String[]> headers, Cookie[] cookies) {
        super(Unsupported.of(HttpServletRequest.class));
        this.headerNames = headers.stream().map(h -> h[0]).toArray(String[]::new);
        this.headerValues = headers.stream().map(h -> h[1]).toArray(String[]::new);
        this.cookies = cookies;
    }

    public static FakeRequest plain() {
        return new FakeRequest(List.of(), null);
    }

    public static FakeRequest withHeader(String name, String value) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] { name, value });
        return new FakeRequest(headers, null);
    }

    public static FakeRequest withCookie(String name, String value) {
        return new FakeRequest(List.<String[]>of(new String[] { "Cookie", name + "=" + value }),
                new Cookie[] { new Cookie(name, value) });
    }

    /** Forgets what the previous operation stored, as a container does between requests. */
    public FakeRequest recycle() {
        attributes.clear();
        return this;
    }

    @Override
    public String getHeader(String name) {
        for (int i = 0; i < headerNames.length; i++) {
            if (headerNames[i].equalsIgnoreCase(name)) {
                return headerValues[i];
            }
        }
        return null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < headerNames.length; i++) {
            if (headerNames[i].equalsIgnoreCase(name)) {
                values.add(headerValues[i]);
            }
        }
        return Collections.enumeration(values);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(List.of(headerNames));
    }

    @Override
    public Cookie[] getCookies() {
        return cookies;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(attributes.keySet());
    }

    /** The container authenticates nobody: without fpauth the servlet sees no user. */
    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public java.security.Principal getUserPrincipal() {
        return null;
    }

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public String getMethod() {
        return "GET";
    }

    @Override
    public String getRequestURI() {
        return "/bench/hello";
    }

    @Override
    public String getServletPath() {
        return "/bench/hello";
    }

    @Override
    public String getPathInfo() {
        return null;
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public String getRemoteAddr() {
        return "127.0.0.1";
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String getScheme() {
        return "http";
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }
}
