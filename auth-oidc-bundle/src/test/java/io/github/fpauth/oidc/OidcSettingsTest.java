package io.github.fpauth.oidc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/** A provider configuration is taken whole or not at all, and never trusts more than it says. */
public class OidcSettingsTest {

    private static OidcProviderConfiguration config(Object... overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("name", "corp", "label", "Corp",
                "issuer", "https://id.example.org/realms/main", "clientId", "fpauth", "_clientSecret", "s3cret",
                "redirectUri", "https://app.example.org/login/oidc/corp/callback"));
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        return (OidcProviderConfiguration) Proxy.newProxyInstance(OidcProviderConfiguration.class.getClassLoader(),
                new Class<?>[] {OidcProviderConfiguration.class}, (proxy, method, args) ->
                        values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    private static String refusal(Object... overrides) {
        try {
            new OidcSettings(config(overrides));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted " + List.of(overrides));
        return null;
    }

    @Test
    public void aCompleteConfigurationGivesPathsScopesAndTheManagedRoles() {
        OidcSettings settings = new OidcSettings(config("scopes", new String[] {"profile, email", "groups"},
                "roleClaim", "realm_access.roles", "roleMapping", new String[] {"admins=fp_admin, editors=editor",
                        "chiefs=fp_admin"}, "allowedEmailDomains", new String[] {"Example.org"}));
        assertEquals("/login/oidc/corp", settings.startPath());
        assertEquals("/login/oidc/corp/callback", settings.callbackPath());
        assertEquals(List.of("openid", "profile", "email", "groups"), settings.scopes);
        assertEquals(List.of("realm_access", "roles"), settings.roleClaimPath);
        assertEquals(Set.of("fp_admin", "editor"), settings.managedRoles);
        assertEquals(Set.of("fp_admin"), settings.rolesFor(List.of("chiefs", "strangers")));
        assertEquals(Set.of("example.org"), settings.allowedEmailDomains);
        assertTrue("no secret in log lines", !settings.toString().contains("s3cret"));
    }

    @Test
    public void theRedirectUriMustBeThisProvidersCallbackWithoutAQuery() {
        assertTrue(refusal("redirectUri", "https://app.example.org/login/oidc/other/callback").contains("callback"));
        assertTrue(refusal("redirectUri", "https://app.example.org/login/oidc/corp/callback?x=1").contains("query"));
    }

    @Test
    public void plainHttpOnlyOnLoopbackAndNeverWithUserInformation() {
        assertTrue(refusal("issuer", "http://id.example.org/realms/main").contains("https"));
        assertTrue(refusal("issuer", "https://user:pw@id.example.org/").contains("user information"));
        new OidcSettings(config("issuer", "http://127.0.0.1:8180/realms/main",
                "redirectUri", "http://[::1]:8080/login/oidc/corp/callback"));
    }

    @Test
    public void namesSecretsAndMappingsAreChecked() {
        assertTrue(refusal("name", "Corp SSO").contains("lower-case"));
        assertTrue(refusal("_clientSecret", " ").contains(".clientSecret is required"));
        assertTrue(refusal("roleMapping", new String[] {"admins=fp_admin"}).contains("needs a roleClaim"));
        assertTrue(refusal("roleClaim", "roles", "roleMapping", new String[] {"admins"}).contains("value=role"));
        assertTrue(refusal("roleClaim", "a..b").contains("empty part"));
        assertTrue(refusal("clockSkewSeconds", 3600).contains("clockSkewSeconds"));
    }

    @Test
    public void onlyAPathOfThisSiteIsKeptAsWhereToGoNext() {
        assertEquals("/admin?tab=1", OidcServlet.sameSitePath("/admin?tab=1"));
        for (String elsewhere : new String[] {null, "", "https://evil.example", "//evil.example", "/\\evil.example",
                "/a\tb", "admin"}) {
            assertEquals(String.valueOf(elsewhere), "/", OidcServlet.sameSitePath(elsewhere));
        }
    }

    @Test
    public void claimValuesAreReadAlongADottedPath() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("a", 7, "b")), "groups", "g");
        assertEquals(List.of("a", "b"), IdentityClaims.claimValues(claims, List.of("realm_access", "roles")));
        assertEquals(List.of("g"), IdentityClaims.claimValues(claims, List.of("groups")));
        assertEquals(List.of(), IdentityClaims.claimValues(claims, List.of("groups", "deeper")));
        assertEquals(List.of(), IdentityClaims.claimValues(claims, List.of()));
    }
}
