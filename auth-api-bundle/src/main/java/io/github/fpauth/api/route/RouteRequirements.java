package io.github.fpauth.api.route;

/**
 * Service properties that a whiteboard servlet sets to declare what it requires (FastPluggy's
 * {@code require_authentication} and {@code require_role} dependencies). The fpauth core reads
 * them and guards exactly the requests the whiteboard dispatches to that servlet's patterns in
 * that servlet's contexts.
 *
 * <pre>
 * props.put(RouteRequirements.REQUIRE_AUTHENTICATION, Boolean.TRUE);
 * props.put(RouteRequirements.REQUIRE_ROLE, new String[] {Roles.ADMIN});
 * context.registerService(Servlet.class, servlet, props);
 * </pre>
 *
 * <p>When no manager is active, requirements are not enforced: the route is open (unless the
 * core runs in strict mode).
 */
public final class RouteRequirements {

    /** {@code Boolean} (or {@code "true"}): only authenticated users may use the route. */
    public static final String REQUIRE_AUTHENTICATION = "fpauth.require.authentication";

    /**
     * {@code String} or {@code String[]}: roles the request must hold, all of them, among its
     * {@linkplain io.github.fpauth.api.AuthResult#scopes() scopes}. Implies authentication.
     */
    public static final String REQUIRE_ROLE = "fpauth.require.role";

    /** LDAP filter matching every service that declares a requirement. */
    public static final String REQUIREMENT_FILTER = "(|(" + REQUIRE_AUTHENTICATION + "=*)(" + REQUIRE_ROLE + "=*))";

    private RouteRequirements() {
    }
}
