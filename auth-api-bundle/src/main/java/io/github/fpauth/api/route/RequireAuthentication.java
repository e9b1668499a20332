package io.github.fpauth.api.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type: the annotated whiteboard servlet component requires an
 * authenticated user. Sets {@link RouteRequirements#REQUIRE_AUTHENTICATION}{@code =true}.
 *
 * <pre>
 * &#64;Component(service = Servlet.class)
 * &#64;HttpWhiteboardServletPattern("/secret")
 * &#64;RequireAuthentication
 * public class SecretServlet extends HttpServlet { ... }
 * </pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RequireAuthentication {

    /** Makes the marker's property {@code fpauth.require.authentication}. */
    String PREFIX_ = "fpauth.";
}
