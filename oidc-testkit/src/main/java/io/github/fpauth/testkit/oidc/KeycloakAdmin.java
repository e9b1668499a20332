package io.github.fpauth.testkit.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Keycloak's admin REST API as the bootstrap admin of the master realm: what {@link TestKeycloak}
 * needs to set a realm up and to change it while a test runs.
 */
final class KeycloakAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String username;
    private final String password;
    private final HttpClient http;

    KeycloakAdmin(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Creates the realm, and turns off the user-profile check that would stop a user's first sign-in. */
    void createRealm(TestRealm realm) {
        send("POST", "/admin/realms", realm.toJson(), 201);
        // Keycloak 26's declarative user profile requires first name, last name and email: a user
        // imported without them would be sent to "Update your account" by this required action
        String path = realmPath(realm.name()) + "/authentication/required-actions/VERIFY_PROFILE";
        Map<String, Object> action = object(send("GET", path, null, 200));
        action.put("enabled", false);
        send("PUT", path, JSONObjectUtils.toJSONString(action), 204);
    }

    void setUserEnabled(String realm, String username, boolean enabled) {
        String path = realmPath(realm) + "/users/" + userId(realm, username);
        Map<String, Object> user = object(send("GET", path, null, 200));
        // the whole representation goes back: a partial one would clear the attributes it lacks
        user.put("enabled", enabled);
        send("PUT", path, JSONObjectUtils.toJSONString(user), 204);
    }

    void setRealmRoles(String realm, String username, Set<String> roles) {
        String mappings = realmPath(realm) + "/users/" + userId(realm, username) + "/role-mappings/realm";
        // every user keeps Keycloak's default role, as a new user gets it
        String defaultRole = "default-roles-" + realm.toLowerCase(Locale.ROOT);
        Set<String> kept = new LinkedHashSet<>();
        List<Object> removed = new ArrayList<>();
        for (Object mapped : array(send("GET", mappings, null, 200))) {
            String name = (String) ((Map<?, ?>) mapped).get("name");
            if (roles.contains(name) || name.equals(defaultRole)) {
                kept.add(name);
            } else {
                removed.add(mapped);
            }
        }
        List<Object> added = new ArrayList<>();
        for (String role : roles) {
            if (!kept.contains(role)) {
                HttpResponse<String> found = request("GET", realmPath(realm) + "/roles/" + segment(role), null);
                if (found.statusCode() == 404) {
                    throw new IllegalArgumentException("realm " + realm + " has no role " + role
                            + ": create it with TestRealm.Builder.realmRoles");
                }
                added.add(object(check(found, "GET", "/roles/" + role, 200)));
            }
        }
        if (!removed.isEmpty()) {
            send("DELETE", mappings, JSONArrayUtils.toJSONString(removed), 204);
        }
        if (!added.isEmpty()) {
            send("POST", mappings, JSONArrayUtils.toJSONString(added), 204);
        }
    }

    private String userId(String realm, String username) {
        List<Object> users = array(send("GET", realmPath(realm) + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null, 200));
        if (users.size() != 1) {
            throw new IllegalArgumentException("realm " + realm + " has no user " + username);
        }
        return (String) ((Map<?, ?>) users.get(0)).get("id");
    }

    /** A fresh token each time: the master realm's access tokens live for one minute only. */
    private String accessToken() {
        String form = "grant_type=password&client_id=admin-cli&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        String body = check(exchange(request), "POST", "the admin token endpoint", 200);
        return (String) object(body).get("access_token");
    }

    private String send(String method, String path, String json, int expectedStatus) {
        return check(request(method, path, json), method, path, expectedStatus);
    }

    private HttpResponse<String> request(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken());
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return exchange(request.build());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak admin request " + request.method() + " " + request.uri()
                    + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static String check(HttpResponse<String> response, String method, String what, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException("Keycloak admin " + method + " " + what + " answered "
                    + response.statusCode() + " (expected " + expectedStatus + "): " + response.body());
        }
        return response.body();
    }

    private static String realmPath(String realm) {
        return "/admin/realms/" + segment(realm);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, Object> object(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Keycloak admin API answered no JSON object: " + json, e);
        }
    }

    private static List<Object> array(String json) {
        try {
            return JSONArrayUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Keycloak admin API answered no JSON array: " + json, e);
        }
    }
}
