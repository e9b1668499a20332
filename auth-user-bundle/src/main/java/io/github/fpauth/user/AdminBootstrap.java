package io.github.fpauth.user;

import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.Roles;
import io.github.fpauth.user.password.RandomPasswords;

/**
 * First start: a store without users gets an {@code admin} holding {@code fp_admin}. Its
 * password comes from the environment variable {@value #ENV}, else the framework property
 * {@value #PROPERTY}, else it is generated and logged once. There is no default password.
 */
public final class AdminBootstrap {

    public static final String ADMIN = "admin";
    public static final String ENV = "FPAUTH_ADMIN_PASSWORD";
    public static final String PROPERTY = "fpauth.admin.password";

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Function<String, String> environment;
    private final Function<String, String> frameworkProperties;
    private final RandomPasswords randomPasswords;

    public AdminBootstrap(Function<String, String> environment, Function<String, String> frameworkProperties,
            RandomPasswords randomPasswords) {
        this.environment = environment;
        this.frameworkProperties = frameworkProperties;
        this.randomPasswords = randomPasswords;
    }

    /**
     * Creates the admin when the directory has no users at all; only ever called on a store
     * that was read successfully.
     *
     * @return whether it created one
     */
    public boolean createAdminIfEmpty(StoredUserDirectory directory) {
        if (!directory.store().isEmpty()) {
            return false;
        }
        String source = null;
        String password = environment.apply(ENV);
        if (password != null && !password.isEmpty()) {
            source = "the environment variable " + ENV;
        } else {
            password = frameworkProperties.apply(PROPERTY);
            if (password != null && !password.isEmpty()) {
                source = "the framework property " + PROPERTY;
            }
        }
        if (source != null) {
            try {
                directory.policy().check(password);
            } catch (IllegalArgumentException e) {
                // Never a weak admin password: fall back to a generated one, and say why.
                LOG.error("The admin password from {} is refused ({}); generating one instead", source,
                        e.getMessage());
                source = null;
            }
        }
        if (source != null) {
            directory.addUser(ADMIN, password, Set.of(Roles.ADMIN));
            LOG.info("Created user '{}' (role {}) with the password from {}", ADMIN, Roles.ADMIN, source);
        } else {
            String generated = randomPasswords.next();
            directory.addUser(ADMIN, generated, Set.of(Roles.ADMIN));
            // Logged once, on purpose: the operator has no other way to learn it.
            LOG.warn("Created user '{}' (role {}) with the GENERATED password: {} -- set {} or the framework "
                    + "property {} before the first start to choose it, or change it now with "
                    + "'fpauth:passwd {} <new password>'", ADMIN, Roles.ADMIN, generated, ENV, PROPERTY, ADMIN);
        }
        return true;
    }
}
