package io.github.fpauth.user.command;

import java.util.Arrays;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.token.AccessTokens;
import io.github.fpauth.user.token.TokensDisabledException;
import io.github.fpauth.user.reset.PasswordResetConfig;
import io.github.fpauth.user.reset.PasswordResets;
import io.github.fpauth.user.store.User;

/**
 * Gogo commands (scope {@code fpauth}) to manage auth-user's accounts from the shell. Refused
 * input throws {@link IllegalArgumentException} with a message for the person at the console.
 *
 * <p>Passwords typed here end up in the shell's history; change them from the web UI where
 * that matters.
 */
@Component(service = UserCommands.class, property = {
        "osgi.command.scope=fpauth",
        "osgi.command.function=users",
        "osgi.command.function=useradd",
        "osgi.command.function=userdel",
        "osgi.command.function=passwd",
        "osgi.command.function=roles",
        "osgi.command.function=totpreset",
        "osgi.command.function=resetlink",
        "osgi.command.function=email" })
public class UserCommands {

    private final UserDirectory directory;
    // Optional: the commands must work even when the sessions cannot (e.g. to repair a store).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SessionStore sessions;
    // Optional for the same reason; deleting a user needs it (see userdel).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AccessTokens tokens;
    // Optional: the other commands must work without it (e.g. without a secret key).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile PasswordResets resets;

    @Activate
    public UserCommands(@Reference UserDirectory directory) {
        this.directory = directory;
    }

    /** {@code users}: every user with display name, roles and whether it is enabled. */
    public String users() {
        List<User> users = directory.users();
        if (users.isEmpty()) {
            return "No users.";
        }
        int nameWidth = "NAME".length();
        int displayWidth = "DISPLAY NAME".length();
        int rolesWidth = "ROLES".length();
        for (User user : users) {
            nameWidth = Math.max(nameWidth, user.name().length());
            displayWidth = Math.max(displayWidth, user.displayName().length());
            rolesWidth = Math.max(rolesWidth, roles(user).length());
        }
        String row = "%-" + nameWidth + "s  %-" + displayWidth + "s  %-" + rolesWidth + "s  %-7s  %s%n";
        StringBuilder out = new StringBuilder(String.format(row, "NAME", "DISPLAY NAME", "ROLES", "ENABLED",
                "TWO-FACTOR"));
        for (User user : users) {
            out.append(String.format(row, user.name(), user.displayName(), roles(user),
                    user.isEnabled() ? "yes" : "no", user.hasSecondFactor() ? "on" : "off"));
        }
        return out.toString().stripTrailing();
    }

    /** {@code useradd <name> <password> [role...]} */
    public String useradd(String name, String password, String... roles) {
        User added = directory.addUser(name, password, Arrays.asList(roles));
        return "Added user '" + added.name() + "'" + (added.roles().isEmpty() ? " without roles"
                : " with roles " + roles(added)) + ".";
    }

    /**
     * {@code userdel <name>}. Refused while access tokens are disabled or absent: the user's tokens
     * could not be removed, and a new user of the same name would inherit them.
     */
    public String userdel(String name) {
        AccessTokens current = tokens;
        if (current == null || !current.isAvailable()) {
            throw new TokensDisabledException();
        }
        directory.removeUser(name);
        return "Removed user '" + name + "'.";
    }

    /** {@code passwd <name> <password>}: also ends the user's sessions, as a reset should. */
    public String passwd(String name, String password) {
        directory.setPassword(name, password);
        SessionStore current = sessions;
        int ended = current == null ? 0 : current.revokeAll(name);
        return "Changed the password of user '" + name + "'." + (ended == 0 ? "" : " Ended " + ended + " session(s).");
    }

    /**
     * {@code totpreset <name>}: removes the user's second factor (authenticator and recovery
     * codes lost); the password alone signs in again and the user enrols anew.
     */
    public String totpreset(String name) {
        return directory.removeSecondFactor(name) ? "Reset the two-factor sign-in of user '" + name
                + "': it signs in with its password and enrols anew." : "User '" + name + "' has no two-factor sign-in.";
    }

    /**
     * {@code resetlink <name>}: a one-time link that sets a new password for the user (ends its
     * sessions, clears its lockout); printed once. Absolute when {@code publicUrl} is configured.
     */
    public String resetlink(String name) {
        PasswordResets current = resets;
        if (current == null) {
            throw new IllegalArgumentException("password reset is not available (auth-user is starting or stopping)");
        }
        String link = current.issue(name, "The shell");
        return "A one-time reset link for user '" + name + "', valid " + current.lifetimeMinutes()
                + " minutes, shown this once:\n" + (current.publicUrl().isEmpty() ? link
                        + "\n(a path of this site: set publicUrl in " + PasswordResetConfig.PID + " for whole links)"
                        : current.publicUrl() + link);
    }

    /** {@code email <name> [address | -]}: shows, sets or ({@code -}) removes where reset mail goes. */
    public String email(String name, String... address) {
        if (address.length == 0) {
            User user = directory.find(name);
            if (user == null) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            return "User '" + name + "' has " + (user.email() == null ? "no email address" : "email " + user.email())
                    + ".";
        }
        if (address.length > 1) {
            throw new IllegalArgumentException("one address, or - to remove it");
        }
        User changed = directory.setEmail(name, "-".equals(address[0]) ? null : address[0]);
        return changed.email() == null ? "User '" + name + "' has no email address now."
                : "User '" + name + "' now has email " + changed.email() + ".";
    }

    /** {@code roles <name> [role...]}: sets the user's roles, or shows them when none are given. */
    public String roles(String name, String... roles) {
        if (roles.length == 0) {
            User user = directory.find(name);
            if (user == null) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            return "User '" + name + "' has " + (user.roles().isEmpty() ? "no roles" : "roles " + roles(user)) + ".";
        }
        User changed = directory.setRoles(name, Arrays.asList(roles));
        return "User '" + name + "' now has roles " + roles(changed) + ".";
    }

    private static String roles(User user) {
        return String.join(",", user.roles());
    }
}
