package io.github.fpauth.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

import io.github.fpauth.api.login.ExternalIdentity;

/** The person a verified ID token names, as the {@link ExternalIdentity} auth-user signs in. */
final class IdentityClaims {

    private IdentityClaims() {
    }

    /**
     * @throws RefusedException when the configuration keeps this person out (email domain)
     */
    static ExternalIdentity identity(OidcSettings settings, IDTokenClaimsSet claims) throws RefusedException {
        String email = claims.getStringClaim("email");
        Boolean verified = claims.getBooleanClaim("email_verified");
        boolean emailVerified = email != null && Boolean.TRUE.equals(verified);
        if (!settings.allowedEmailDomains.isEmpty()) {
            int at = email == null ? -1 : email.lastIndexOf('@');
            String domain = at < 0 ? "" : email.substring(at + 1).toLowerCase(Locale.ROOT);
            if (!emailVerified || !settings.allowedEmailDomains.contains(domain)) {
                throw new RefusedException("Your account at " + settings.label + " may not sign in here.",
                        "subject " + claims.getSubject() + " has no verified email address in "
                                + settings.allowedEmailDomains);
            }
        }
        return ExternalIdentity.builder(settings.name, claims.getSubject().getValue())
                .preferredName(claims.getStringClaim("preferred_username"))
                .displayName(claims.getStringClaim("name"))
                .email(email, emailVerified)
                .roles(settings.rolesFor(claimValues(claims.toJSONObject(), settings.roleClaimPath)),
                        settings.managedRoles)
                .linkByVerifiedEmail(settings.linkByVerifiedEmail)
                .build();
    }

    /** The string values at a dotted path (one string, or an array of them); none when absent or of another type. */
    static List<String> claimValues(Map<String, Object> claims, List<String> path) {
        if (path.isEmpty()) {
            return List.of();
        }
        Object at = claims;
        for (String part : path) {
            if (!(at instanceof Map)) {
                return List.of();
            }
            at = ((Map<?, ?>) at).get(part);
        }
        List<String> values = new ArrayList<>();
        if (at instanceof String) {
            values.add((String) at);
        } else if (at instanceof Collection) {
            for (Object value : (Collection<?>) at) {
                if (value instanceof String) {
                    values.add((String) value);
                }
            }
        }
        return values;
    }

    /** A person the configuration keeps out: a message for them, the reason for the log. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        final String userMessage;

        RefusedException(String userMessage, String reason) {
            super(reason);
            this.userMessage = userMessage;
        }
    }
}
