package io.github.fpauth.jaas;

import java.util.Arrays;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.CredentialException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import io.github.fpauth.api.AuthUser;

/**
 * One JAAS realm, asked through the standard {@link LoginContext}: in Karaf, the realms of
 * Karaf JAAS ({@code karaf} reads etc/users.properties).
 */
final class JaasRealm {

    /** What a login attempt came to. */
    enum Outcome {
        /** The realm accepted the credentials. */
        ACCEPTED,
        /** The realm refused them: unknown user, wrong password, locked or expired account. */
        REFUSED,
        /** The realm could not decide (missing realm, backend down): refused too, fail closed. */
        ERROR
    }

    /** The outcome and, when accepted, the user with its mapped roles. */
    static final class Result {
        final Outcome outcome;
        final AuthUser user;
        final String error;

        private Result(Outcome outcome, AuthUser user, String error) {
            this.outcome = outcome;
            this.user = user;
            this.error = error;
        }
    }

    private final String name;
    private final RoleMapping roleMapping;
    // null: the JVM-wide JAAS configuration, which Karaf JAAS installs
    private final Configuration configuration;

    JaasRealm(String name, RoleMapping roleMapping, Configuration configuration) {
        this.name = name;
        this.roleMapping = roleMapping;
        this.configuration = configuration;
    }

    String name() {
        return name;
    }

    Result login(String user, String password) {
        char[] secret = password.toCharArray();
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads login modules through the context class loader; Karaf's realms all go
        // through its ProxyLoginModule, visible from this bundle (see bnd.bnd).
        thread.setContextClassLoader(JaasRealm.class.getClassLoader());
        try {
            LoginContext context = configuration == null
                    ? new LoginContext(name, subject, callbacks -> answer(callbacks, user, secret))
                    : new LoginContext(name, subject, callbacks -> answer(callbacks, user, secret), configuration);
            context.login();
        } catch (FailedLoginException | AccountException | CredentialException refused) {
            return new Result(Outcome.REFUSED, null, null);
        } catch (LoginException | RuntimeException e) {
            return new Result(Outcome.ERROR, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
            Arrays.fill(secret, '\0');
        }
        AuthUser authUser = AuthUser.builder(user).roles(roleMapping.roles(subject.getPrincipals())).build();
        return new Result(Outcome.ACCEPTED, authUser, null);
    }

    private static void answer(Callback[] callbacks, String user, char[] secret) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback) {
                ((NameCallback) callback).setName(user);
            } else if (callback instanceof PasswordCallback) {
                // PasswordCallback keeps its own copy; the login module clears it.
                ((PasswordCallback) callback).setPassword(secret);
            } else {
                throw new UnsupportedCallbackException(callback, "only user and password are known");
            }
        }
    }
}
