package io.github.fpauth.core.guard;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A path prefix or a whole whiteboard context that requires authentication or roles, whatever
 * its servlets declare (FastPluggy's {@code include_router(..., dependencies=[...])}). Factory
 * PID {@value #FACTORY_PID}: one configuration per protected area.
 */
@ObjectClassDefinition(id = ProtectedPathConfiguration.FACTORY_PID,
        name = "fpauth protected path",
        description = "Requires authentication (and optionally roles) for every request under a path prefix "
                + "or in a whole whiteboard context.")
public @interface ProtectedPathConfiguration {

    String FACTORY_PID = "io.github.fpauth.core.protect";

    @AttributeDefinition(name = "Path prefix",
            description = "Requests to this path and below it, segment by segment: /reports covers /reports and "
                    + "/reports/x, not /reportsX. / protects the whole context.")
    String prefix() default "/";

    @AttributeDefinition(name = "Whiteboard context",
            description = "Name of the whiteboard context (osgi.http.whiteboard.context.name), or * for all contexts (Http Service contexts included).")
    String context() default "*";

    @AttributeDefinition(name = "Require authentication",
            description = "Only authenticated users (always true when roles are required).")
    boolean requireAuthentication() default true;

    @AttributeDefinition(name = "Required roles", description = "Roles the user must hold, all of them.",
            required = false)
    String[] requireRole() default {};
}
