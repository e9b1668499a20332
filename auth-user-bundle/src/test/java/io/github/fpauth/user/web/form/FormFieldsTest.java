package io.github.fpauth.user.web.form;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

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
