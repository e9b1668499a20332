package io.github.fpauth.oidc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One OpenID provider, factory PID {@value #FACTORY_PID}: each configuration adds a "Sign in with
 * ..." button to the login page while it exists. Applies at once.
 */
@ObjectClassDefinition(id = OidcProviderConfiguration.FACTORY_PID, name = "fpauth OpenID Connect provider",
        description = "Sign in with an OpenID provider (Keycloak, Entra ID, Google, Okta, Authentik): the "
                + "authorization code flow with PKCE. People signed in this way are local users of auth-user, "
                + "linked by the provider's subject.")
public @interface OidcProviderConfiguration {

    String FACTORY_PID = "io.github.fpauth.oidc.provider";

    @AttributeDefinition(name = "Name",
            description = "The provider's local name: lower-case letters, digits and hyphens (at most 32). It is "
                    + "part of the redirect URI (/login/oidc/NAME/callback) and of every linked identity: do "
                    + "not change it once people signed in.")
    String name();

    @AttributeDefinition(name = "Label", description = "The button says \"Sign in with\" and this.")
    String label();

    @AttributeDefinition(name = "Issuer",
            description = "The provider's issuer URL, exactly as its discovery document "
                    + "(ISSUER/.well-known/openid-configuration) names it, e.g. "
                    + "https://keycloak.example.org/realms/main. HTTPS, except for a loopback address.")
    String issuer();

    @AttributeDefinition(name = "Client id")
    String clientId();

    @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD,
            description = "The confidential client's secret (sent with HTTP Basic to the token endpoint).")
    String _clientSecret();

    @AttributeDefinition(name = "Redirect URI",
            description = "This site's callback as registered at the provider, exactly: "
                    + "https://HOST/login/oidc/NAME/callback. Fixed here, never taken from a request.")
    String redirectUri();

    @AttributeDefinition(name = "Post-logout redirect URI",
            description = "Where the provider sends the browser after its own logout (registered there too), "
                    + "e.g. https://HOST/login. Empty: logout stays on this site (no RP-initiated logout).")
    String postLogoutRedirectUri() default "";

    @AttributeDefinition(name = "Scopes", description = "Scopes asked for; openid is always added.")
    String[] scopes() default {"openid", "profile", "email"};

    @AttributeDefinition(name = "Role claim",
            description = "The ID token claim holding the person's groups or roles, a dotted path for a nested "
                    + "one (realm_access.roles). Empty: the provider gives no roles.")
    String roleClaim() default "";

    @AttributeDefinition(name = "Claim to role mapping",
            description = "Entries value=role, e.g. fpauth-admins=fp_admin (fp_admin opens the admin pages). The "
                    + "roles named here are managed by the provider: given or taken at each sign-in. Other "
                    + "roles of the user stay as they are.")
    String[] roleMapping() default {};

    @AttributeDefinition(name = "Allowed email domains",
            description = "When set, only people whose verified email address is in one of these domains "
                    + "(example.org) may sign in. Empty: any.")
    String[] allowedEmailDomains() default {};

    @AttributeDefinition(name = "Link by verified email",
            description = "A first sign-in may link to the existing local user with the same email address, when "
                    + "the provider says it is verified. Only for a provider whose addresses you trust: whoever "
                    + "controls an address there takes over the local account.")
    boolean linkByVerifiedEmail() default false;

    @AttributeDefinition(name = "Clock skew (seconds)",
            description = "How far the provider's clock may be off when checking exp and iat.")
    int clockSkewSeconds() default 60;

    @AttributeDefinition(name = "Timeout (milliseconds)",
            description = "Connect and read timeout of each call to the provider.")
    int timeoutMillis() default 5000;
}
