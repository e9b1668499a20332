package io.github.fpauth.api.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type: the annotated whiteboard servlet component requires an
 * authenticated user holding every listed role among its scopes. Sets
 * {@link RouteRequirements#REQUIRE_ROLE}.
 *
 * <pre>
 * &#64;Component(service = Servlet.class)
 * &#64;HttpWhiteboardServletPattern("/admin/reports")
 * &#64;RequireRole(Roles.ADMIN)
 * public class ReportsServlet extends HttpServlet { ... }
 * </pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RequireRole {

    /** Makes the property {@code fpauth.require.role}. */
    String PREFIX_ = "fpauth.";

    /** The roles required, all of them. */
    String[] value();
}
