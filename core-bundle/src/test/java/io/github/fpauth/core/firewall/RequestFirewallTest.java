package io.github.fpauth.core.firewall;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;

import io.github.fpauth.core.spi.ConnectorCheck;

public class RequestFirewallTest {

    @Test
    public void anAllowedMethodOnAPlainPathPasses() throws Exception {
        HttpServletResponse response = response();
        assertTrue(Firewalls.of(true, "GET", "POST").admits(request("GET", "/bench/hello"), response));
        verify(response, never()).setStatus(400);
    }

    @Test
    public void aMethodNotConfiguredIsRefusedWith400() throws Exception {
        HttpServletResponse response = response();
        assertFalse(Firewalls.of(true, "GET", "POST").admits(request("TRACE", "/bench/hello"), response));
        verify(response).setStatus(400);
    }

    @Test
    public void configuredMethodsAreTrimmedAndUpperCased() throws Exception {
        HttpServletResponse response = response();
        assertTrue(Firewalls.of(true, " get ", "", "post").admits(request("GET", "/"), response));
    }

    @Test
    public void anAmbiguousPathIsRefusedWith400() throws Exception {
        HttpServletResponse response = response();
        assertFalse(Firewalls.of(true, "GET").admits(request("GET", "/admin/..;/x"), response));
        verify(response).setStatus(400);
    }

    @Test
    public void aDisabledFirewallLetsEverythingThrough() throws Exception {
        HttpServletResponse response = response();
        assertTrue(Firewalls.of(false, "GET").admits(request("TRACE", "/a//b"), response));
    }

    @Test
    public void withTheConnectorCheckRequiredARequestTheGuardDidNotMarkIsRefusedWith503() throws Exception {
        HttpServletResponse response = response();
        assertFalse(new RequestFirewall(true, true, "GET").admits(request("GET", "/"), response));
        verify(response).setStatus(503);
    }

    @Test
    public void withTheConnectorCheckRequiredEvenADisabledFirewallRefusesAnUnmarkedRequest() throws Exception {
        HttpServletResponse response = response();
        assertFalse(new RequestFirewall(true, false, "GET").admits(request("GET", "/"), response));
        verify(response).setStatus(503);
    }

    @Test
    public void withTheConnectorCheckRequiredARequestTheGuardMarkedPasses() throws Exception {
        HttpServletResponse response = response();
        HttpServletRequest request = request("GET", "/");
        when(request.getAttribute(ConnectorCheck.ATTRIBUTE)).thenReturn(Boolean.TRUE);
        assertTrue(new RequestFirewall(true, true, "GET").admits(request, response));
        verify(response, never()).setStatus(503);
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
}
