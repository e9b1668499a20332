package io.github.fpauth.user.web.form;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;

public class FormFieldsTest {

    private static FormFields form(Map<String, String[]> parameters) {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getParameterValues")) {
                        return parameters.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new FormFields(request);
    }

    /** A request whose parameters cannot be parsed, as the container reports it; records sendError. */
    private static HttpServletRequest request(RuntimeException parseFailure) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "getParameterMap":
                        if (parseFailure != null) {
                            throw parseFailure;
                        }
                        return Map.of();
                    case "getMethod":
                        return "POST";
                    case "getRequestURI":
                        return "/login";
                    case "getRemoteAddr":
                        return "127.0.0.1";
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static HttpServletResponse response(List<Integer> errors) {
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "isCommitted":
                        return false;
                    case "sendError":
                        errors.add((Integer) args[0]);
                        return null;
                    case "reset":
                        return null;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    public void anUnparsableQueryOrBodyIsA400NotAServerError() throws Exception {
        List<Integer> errors = new java.util.ArrayList<>();
        assertTrue(FormFields.refuseUnparsable(request(new IllegalStateException("Not valid encoding '%zz'")),
                response(errors)));
        assertEquals(List.of(400), errors);

        errors.clear();
        assertFalse(FormFields.refuseUnparsable(request(null), response(errors)));
        assertEquals(List.of(), errors);
    }

    @Test
    public void valuesAreTrimmedExceptSecrets() {
        FormFields form = form(Map.of("name", new String[] {"  bob "}, "password", new String[] {" pass word "}));
        assertEquals("bob", form.required("name", "the name"));
        assertEquals(" pass word ", form.secret("password", "the password"));
        assertEquals("", form.optional("absent"));
        assertNull(form.raw("absent"));
    }

    @Test
    public void missingRepeatedAndHugeFieldsAreRefusedWithAMessage() {
        FormFields form = form(Map.of("twice", new String[] {"a", "b"}, "huge", new String[] {"x".repeat(2049)},
                "blank", new String[] {"   "}));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> form.optional("twice"));
        assertTrue(twice.getMessage(), twice.getMessage().contains("more than once"));
        assertThrows(IllegalArgumentException.class, () -> form.optional("huge"));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> form.required("blank", "the name"));
        assertEquals("the name is required", blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> form.secret("absent", "the password"));
    }

    @Test
    public void wordsAndNumbers() {
        FormFields form = form(Map.of("roles", new String[] {" fp_admin, ops  dev,,"}, "days", new String[] {"30"},
                "bad", new String[] {"3x"}, "big", new String[] {"99999999999"}));
        assertEquals(List.of("fp_admin", "ops", "dev"), form.words("roles"));
        assertEquals(List.of(), form.words("absent"));
        assertEquals(30, form.number("days", "days", 0, 3650, 0));
        assertEquals(7, form.number("absent", "days", 0, 3650, 7));
        assertThrows(IllegalArgumentException.class, () -> form.number("bad", "days", 0, 3650, 0));
        assertThrows(IllegalArgumentException.class, () -> form.number("big", "days", 0, 3650, 0));
        assertThrows(IllegalArgumentException.class, () -> form.number("days", "days", 0, 10, 0));
    }
}
