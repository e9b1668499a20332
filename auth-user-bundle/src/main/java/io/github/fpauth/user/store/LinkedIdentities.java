package io.github.fpauth.user.store;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a linked identity is: the account of another identity provider (an OpenID provider, for
 * instance) that signs in as a local user, written {@code provider:subject}. The provider part is
 * the local name of the provider's configuration; the subject is the provider's own, never
 * reassigned identifier of the person (OpenID Connect's {@code sub}), not an email address or a
 * user name, which can change hands.
 */
public final class LinkedIdentities {

    public static final int MAX_SUBJECT_LENGTH = 255;
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private LinkedIdentities() {
    }

    /** Whether this is the name a provider may have: lower-case letters, digits, hyphens, at most 32. */
    public static boolean isValidProvider(String provider) {
        return provider != null && PROVIDER.matcher(provider).matches();
    }

    /**
     * The identity of {@code subject} at {@code provider}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String of(String provider, String subject) {
        if (!isValidProvider(provider)) {
            throw new IllegalArgumentException("a provider name holds lower-case letters, digits and hyphens"
                    + " (at most 32): '" + UserNames.printable(provider) + "'");
        }
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("a subject holds 1 to " + MAX_SUBJECT_LENGTH + " characters");
        }
        for (int i = 0; i < subject.length(); i++) {
            if (Character.isISOControl(subject.charAt(i))) {
                throw new IllegalArgumentException("a subject must not contain control characters");
            }
        }
        return provider + ':' + subject;
    }

    /** Validated, sorted, duplicates removed, unmodifiable. */
    public static SortedSet<String> requireValid(Collection<String> identities) {
        SortedSet<String> valid = new TreeSet<>();
        for (String identity : identities) {
            int colon = identity == null ? -1 : identity.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("a linked identity is written provider:subject: '"
                        + UserNames.printable(identity) + "'");
            }
            valid.add(of(identity.substring(0, colon), identity.substring(colon + 1)));
        }
        return Collections.unmodifiableSortedSet(valid);
    }

    /** The provider part of a valid identity. */
    public static String provider(String identity) {
        return identity.substring(0, identity.indexOf(':'));
    }
}
