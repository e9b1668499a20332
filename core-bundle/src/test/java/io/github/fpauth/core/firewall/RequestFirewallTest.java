package io.github.fpauth.core.firewall;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;

import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;

public class RequestFirewallTest {

    private final FilterChain chain = mock(FilterChain.class);

    @Test
    public void anAllowedMethodOnAPlainPathPasses() throws Exception {
        HttpServletResponse response = response();
        firewall(true, "GET", "POST").doFilter(request("GET", "/bench/hello"), response, chain);
        verify(chain).doFilter(any(ServletRequest.class), any(ServletResponse.class));
        verify(response, never()).setStatus(400);
    }

    @Test
    public void aMethodNotConfiguredIsRefusedWith400() throws Exception {
        HttpServletResponse response = response();
        firewall(true, "GET", "POST").doFilter(request("TRACE", "/bench/hello"), response, chain);
        verify(chain, never()).doFilter(any(ServletRequest.class), any(ServletResponse.class));
        verify(response).setStatus(400);
    }

    @Test
    public void configuredMethodsAreTrimmedAndUpperCased() throws Exception {
        HttpServletResponse response = response();
        firewall(true, " get ", "", "post").doFilter(request("GET", "/"), response, chain);
        verify(chain).doFilter(any(ServletRequest.class), any(ServletResponse.class));
    }

    @Test
    public void anAmbiguousPathIsRefusedWith400() throws Exception {
        HttpServletResponse response = response();
        firewall(true, "GET").doFilter(request("GET", "/admin/..;/x"), response, chain);
        verify(chain, never()).doFilter(any(ServletRequest.class), any(ServletResponse.class));
        verify(response).setStatus(400);
    }

    @Test
    public void aDisabledFirewallLetsEverythingThrough() throws Exception {
        HttpServletResponse response = response();
        firewall(false, "GET").doFilter(request("TRACE", "/a//b"), response, chain);
        verify(chain).doFilter(any(ServletRequest.class), any(ServletResponse.class));
    }

    private static HttpServletRequest request(String method, String path) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getRequestURI()).thenReturn(path);
        when(request.getRemoteAddr()).thenReturn("127.0.0.1");
        return request;
    }

    private static HttpServletResponse response() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(response.getWriter()).thenReturn(new PrintWriter(new StringWriter()));
        return response;
    }

    private static RequestFirewall firewall(boolean enabled, String... methods) {
        return new RequestFirewall(new FirewallConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FirewallConfiguration.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String[] allowedMethods() {
                return methods;
            }
        });
    }
}
