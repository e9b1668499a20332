package io.github.fpauth.user.external;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.login.ExternalIdentity;
import io.github.fpauth.user.UserDirectory;
import io.github.fpauth.user.store.LinkedIdentities;
import io.github.fpauth.user.store.User;
import io.github.fpauth.user.store.UserNames;

/**
 * Which local user an identity from another provider signs in as, and that user's roles after it:
 *
 * <ol>
 * <li>the user the identity ({@code provider:subject}) is linked to;
 * <li>else, when the identity allows it and its email address is verified, the one user holding
 * that address, which it is then linked to (never a user found by name: a name at the provider
 * says nothing about who holds the local one);
 * <li>else a new user, named after the identity's preferred name when that is free, else
 * {@code name@provider}, holding the address only when verified.
 * </ol>
 *
 * Then the roles the provider manages are brought to what it says; the others stay.
 */
public final class AccountLinks {

    private static final Logger LOG = LoggerFactory.getLogger(AccountLinks.class);

    private final UserDirectory directory;

    public AccountLinks(UserDirectory directory) {
        this.directory = directory;
    }

    /** The local user, linked and with its roles up to date; it may be disabled (the caller refuses it). */
    public User resolve(ExternalIdentity identity) throws RefusedException {
        String id;
        try {
            id = LinkedIdentities.of(identity.provider(), identity.subject());
        } catch (IllegalArgumentException e) {
            throw new RefusedException("The identity provider's answer cannot be used here.",
                    "an unusable identity " + UserNames.printable(identity.provider()) + ": " + e.getMessage());
        }
        User user = directory.findLinked(id).orElse(null);
        if (user == null) {
            user = byVerifiedEmail(identity, id);
        }
        if (user == null) {
            user = create(identity, id);
        }
        return withProviderRoles(user, identity);
    }

    private User byVerifiedEmail(ExternalIdentity identity, String id) throws RefusedException {
        if (!identity.linkByVerifiedEmail() || !identity.isEmailVerified()) {
            return null;
        }
        String email = identity.email().orElseThrow();
        List<User> holders = new ArrayList<>(1);
        for (User candidate : directory.users()) {
            if (candidate.email() != null && candidate.email().equalsIgnoreCase(email)) {
                holders.add(candidate);
            }
        }
        if (holders.isEmpty()) {
            return null;
        }
        if (holders.size() > 1) {
            throw new RefusedException("More than one account here has your email address. Ask an administrator"
                    + " to link your sign-in to one of them.", holders.size() + " users hold the verified address of "
                    + id);
        }
        User holder = holders.get(0);
        if (holder.linkedIdentities().stream().anyMatch(linked -> LinkedIdentities.provider(linked)
                .equals(identity.provider()))) {
            // the account already signs in as someone else at this provider: a changed subject is not the same person
            throw new RefusedException("The account with your email address is linked to another sign-in of this"
                    + " provider. Ask an administrator.", "user '" + holder.name() + "' is linked to another subject"
                    + " than " + id);
        }
        return linked(holder.name(), id);
    }

    private User linked(String name, String id) throws RefusedException {
        try {
            return directory.linkIdentity(name, id);
        } catch (IllegalArgumentException e) {
            // linked meanwhile (another node, the same person signing in twice at once)
            return directory.findLinked(id).orElseThrow(() -> new RefusedException(
                    "Your account could not be linked. Try again.", "linking " + id + ": " + e.getMessage()));
        }
    }

    private User create(ExternalIdentity identity, String id) throws RefusedException {
        String name = freeName(identity);
        if (name == null) {
            throw new RefusedException("There is already an account with your user name here. Ask an administrator"
                    + " to link your sign-in to it.", "no free user name for " + id + " (preferred name '"
                    + UserNames.printable(identity.preferredName().orElse("")) + "')");
        }
        String displayName = identity.displayName().filter(AccountLinks::isValidDisplayName).orElse(name);
        String email = identity.isEmailVerified() ? identity.email().filter(AccountLinks::isValidEmail).orElse(null)
                : null;
        try {
            return directory.addLinkedUser(name, displayName, email, identity.roles(), id);
        } catch (IllegalArgumentException e) {
            // created meanwhile for this identity (another node), else the name was taken meanwhile
            return directory.findLinked(id).orElseThrow(() -> new RefusedException(
                    "Your account could not be created. Try again.", "creating user '" + name + "' for " + id + ": "
                    + e.getMessage()));
        }
    }

    /** The preferred name, else {@code name@provider}, else a name made from the subject; {@code null} when all are taken. */
    private String freeName(ExternalIdentity identity) {
        List<String> candidates = new ArrayList<>(3);
        identity.preferredName().map(name -> name.toLowerCase(Locale.ROOT)).ifPresent(preferred -> {
            candidates.add(preferred);
            candidates.add(preferred + "@" + identity.provider());
        });
        if (candidates.isEmpty()) {
            candidates.add(identity.provider() + "-" + shortHash(identity.subject()));
        }
        for (String candidate : candidates) {
            if (UserNames.isValidName(candidate) && directory.find(candidate) == null) {
                return candidate;
            }
        }
        return null;
    }

    private User withProviderRoles(User user, ExternalIdentity identity) {
        SortedSet<String> roles = new TreeSet<>(user.roles());
        roles.removeAll(identity.managedRoles());
        roles.addAll(identity.roles());
        if (roles.equals(user.roles())) {
            return user;
        }
        LOG.info("Roles of user '{}' from {}: {} (were {})", user.name(), identity.provider(), roles, user.roles());
        return directory.setRoles(user.name(), roles);
    }

    private static boolean isValidDisplayName(String name) {
        try {
            UserNames.requireValidDisplayName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isValidEmail(String email) {
        try {
            UserNames.requireValidEmail(email);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String shortHash(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A sign-in this policy refuses: a message for the person, and the reason for the log. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String userMessage;

        RefusedException(String userMessage, String reason) {
            super(reason);
            this.userMessage = userMessage;
        }

        public String userMessage() {
            return userMessage;
        }
    }
}
