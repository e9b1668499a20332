package io.github.fpauth.testkit.oidc;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A Keycloak realm for {@link TestKeycloak}, built by {@link #builder()}: one confidential OpenID
 * Connect client and the users a test signs in with.
 *
 * <p>The client (default id and realm name {@value #DEFAULT_NAME}) authenticates with a client
 * secret, has the standard flow (authorization code) only, and must use PKCE with S256. Its ID
 * tokens carry the user's realm roles as the flat string array claim {@value #ROLES_CLAIM} (with
 * Keycloak's own default roles, {@code default-roles-<realm>}, {@code offline_access} and
 * {@code uma_authorization}, among them), and Keycloak's standard profile and email claims
 * ({@code preferred_username}, {@code name}, {@code email}, {@code email_verified}).
 *
 * <p>Users have no required actions, so a browser sign-in goes straight back to the client; and
 * {@link TestKeycloak} turns off the realm's "verify profile" action, so that a user without first
 * name, last name or email (which Keycloak 26's user profile requires) is not sent to an
 * update-profile page either.
 */
public final class TestRealm {

    /** The default realm name and client id. */
    public static final String DEFAULT_NAME = "fpauth";

    /** The ID token claim that lists the user's realm roles. */
    public static final String ROLES_CLAIM = "roles";

    private final String name;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Object> representation;

    private TestRealm(Builder builder) {
        this.name = builder.name;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.representation = builder.representation();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A user to add with {@link Builder#user(User)}: enabled, email not verified, no roles, until set. */
    public static User user(String username, String password) {
        return new User(username, password);
    }

    public String name() {
        return name;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** The realm as Keycloak's JSON representation (as the admin REST API and realm import take it). */
    public String toJson() {
        return JSONObjectUtils.toJSONString(representation);
    }

    @Override
    public String toString() {
        return "TestRealm[" + name + ", client " + clientId + "]";
    }

    /** Builds a {@link TestRealm}; every setter returns the builder. */
    public static final class Builder {

        private String name = DEFAULT_NAME;
        private String clientId = DEFAULT_NAME;
        private String clientSecret = randomSecret();
        private final List<String> redirectUris = new ArrayList<>();
        private final List<String> postLogoutRedirectUris = new ArrayList<>();
        private final Set<String> realmRoles = new LinkedHashSet<>();
        private final List<Map<String, Object>> users = new ArrayList<>();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = requireText(name, "realm name");
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, "client id");
            return this;
        }

        /** The client's secret; a random one when not set, read back with {@link TestRealm#clientSecret()}. */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = requireText(clientSecret, "client secret");
            return this;
        }

        /**
         * A redirect URI the client may use; at least one is needed. Keycloak compares exactly,
         * except that a trailing {@code *} matches any rest ({@code http://127.0.0.1:8080/*}).
         */
        public Builder redirectUri(String uri) {
            redirectUris.add(requireText(uri, "redirect URI"));
            return this;
        }

        /** A URI the client may return to after logout; the same matching as {@link #redirectUri}. */
        public Builder postLogoutRedirectUri(String uri) {
            postLogoutRedirectUris.add(requireText(uri, "post-logout redirect URI"));
            return this;
        }

        /**
         * Realm roles to create although no user has them yet (to grant later with
         * {@link TestKeycloak#setRealmRoles}); the roles of the users are created anyway.
         */
        public Builder realmRoles(String... roles) {
            for (String role : roles) {
                realmRoles.add(requireText(role, "realm role"));
            }
            return this;
        }

        /** Adds a user as it is now (later changes of {@code user} do not reach the realm). */
        public Builder user(User user) {
            realmRoles.addAll(user.realmRoles);
            users.add(user.representation());
            return this;
        }

        /** @throws IllegalStateException when no redirect URI was given */
        public TestRealm build() {
            if (redirectUris.isEmpty()) {
                throw new IllegalStateException("the client of realm " + name
                        + " needs at least one redirect URI (TestRealm.Builder.redirectUri)");
            }
            return new TestRealm(this);
        }

        private Map<String, Object> representation() {
            Map<String, Object> realm = new LinkedHashMap<>();
            realm.put("realm", name);
            realm.put("enabled", true);
            // plain HTTP on 127.0.0.1: Keycloak's default ("external") would already allow it,
            // "none" says so whatever address the test uses
            realm.put("sslRequired", "none");
            realm.put("registrationAllowed", false);
            realm.put("verifyEmail", false);
            List<Map<String, Object>> roles = new ArrayList<>();
            for (String role : realmRoles) {
                roles.add(Map.of("name", role));
            }
            realm.put("roles", Map.of("realm", roles));
            realm.put("clients", List.of(client()));
            realm.put("users", users);
            return realm;
        }

        private Map<String, Object> client() {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("clientId", clientId);
            client.put("enabled", true);
            client.put("protocol", "openid-connect");
            client.put("publicClient", false);
            client.put("clientAuthenticatorType", "client-secret");
            client.put("secret", clientSecret);
            client.put("standardFlowEnabled", true);
            client.put("implicitFlowEnabled", false);
            client.put("directAccessGrantsEnabled", false);
            client.put("serviceAccountsEnabled", false);
            client.put("consentRequired", false);
            client.put("redirectUris", redirectUris);
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("pkce.code.challenge.method", "S256");
            if (!postLogoutRedirectUris.isEmpty()) {
                // Keycloak keeps this list as one attribute, its entries separated by "##"
                attributes.put("post.logout.redirect.uris", String.join("##", postLogoutRedirectUris));
            }
            client.put("attributes", attributes);
            // the profile and email claims come from Keycloak's default client scopes; only the
            // flat roles claim is this client's own
            Map<String, Object> rolesConfig = new LinkedHashMap<>();
            rolesConfig.put("claim.name", ROLES_CLAIM);
            rolesConfig.put("jsonType.label", "String");
            rolesConfig.put("multivalued", "true");
            rolesConfig.put("id.token.claim", "true");
            rolesConfig.put("access.token.claim", "true");
            rolesConfig.put("userinfo.token.claim", "true");
            rolesConfig.put("introspection.token.claim", "true");
            client.put("protocolMappers", List.of(Map.of("name", "realm roles as " + ROLES_CLAIM,
                    "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-realm-role-mapper",
                    "config", rolesConfig)));
            return client;
        }
    }

    /** A user of a {@link TestRealm}; every setter returns the user. */
    public static final class User {

        private final String username;
        private final String password;
        private String firstName;
        private String lastName;
        private String email;
        private boolean emailVerified;
        private boolean enabled = true;
        private final Set<String> realmRoles = new LinkedHashSet<>();

        private User(String username, String password) {
            this.username = requireText(username, "username");
            this.password = requireText(password, "password");
        }

        public User firstName(String firstName) {
            this.firstName = firstName;
            return this;
        }

        public User lastName(String lastName) {
            this.lastName = lastName;
            return this;
        }

        public User email(String email) {
            this.email = email;
            return this;
        }

        public User emailVerified(boolean emailVerified) {
            this.emailVerified = emailVerified;
            return this;
        }

        public User enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public User realmRoles(String... roles) {
            for (String role : roles) {
                realmRoles.add(requireText(role, "realm role"));
            }
            return this;
        }

        private Map<String, Object> representation() {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", username);
            user.put("enabled", enabled);
            if (firstName != null) {
                user.put("firstName", firstName);
            }
            if (lastName != null) {
                user.put("lastName", lastName);
            }
            if (email != null) {
                user.put("email", email);
            }
            user.put("emailVerified", emailVerified);
            user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
            user.put("realmRoles", new ArrayList<>(realmRoles));
            // no forced profile update, email verification or OTP set-up at the first sign-in
            user.put("requiredActions", List.of());
            return user;
        }
    }

    private static String requireText(String value, String what) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException("blank " + what);
        }
        return value;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
