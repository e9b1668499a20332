package io.github.fpauth.jaas;

import java.security.Principal;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS login module for tests: option {@code users} maps user to "password:role,role", option
 * {@code logins} is an AtomicInteger counting login attempts. Adds a user principal (not a role)
 * and one {@link RoleMappingTest.TestRole} per role.
 */
public class TestLoginModule implements LoginModule {

    private Subject subject;
    private CallbackHandler handler;
    private Map<String, ?> options;
    private String user;
    private String[] roles;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
        ((AtomicInteger) options.get("logins")).incrementAndGet();
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] { name, password });
        } catch (Exception e) {
            throw new LoginException(e.toString());
        }
        @SuppressWarnings("unchecked")
        String entry = ((Map<String, String>) options.get("users")).get(name.getName());
        if (entry == null) {
            throw new FailedLoginException("no such user");
        }
        int colon = entry.indexOf(':');
        if (!Arrays.equals(entry.substring(0, colon).toCharArray(), password.getPassword())) {
            throw new FailedLoginException("wrong password");
        }
        password.clearPassword();
        user = name.getName();
        roles = entry.substring(colon + 1).isEmpty() ? new String[0] : entry.substring(colon + 1).split(",");
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().add(new Principal() {
            @Override
            public String getName() {
                return user;
            }
        });
        for (String role : roles) {
            subject.getPrincipals().add(new RoleMappingTest.TestRole(role));
        }
        return true;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
