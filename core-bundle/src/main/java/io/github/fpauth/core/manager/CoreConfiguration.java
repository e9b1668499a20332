package io.github.fpauth.core.manager;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the fpauth core, PID {@value #PID}. Applies at once, without a restart. */
@ObjectClassDefinition(id = CoreConfiguration.PID, name = "fpauth core",
        description = "Which AuthManager authenticates requests, and what happens while none is active.")
public @interface CoreConfiguration {

    String PID = "io.github.fpauth.core";

    @AttributeDefinition(name = "Manager",
            description = "Name of the AuthManager to use (e.g. auth_user). Set: that manager is used and a manager "
                    + "brought by another plugin never displaces it; while it is absent, routes with requirements "
                    + "answer 503. Empty: the registered manager with the highest service ranking is used.")
    String manager() default "";

    @AttributeDefinition(name = "Strict",
            description = "Fail closed: while no AuthManager is active, routes with requirements answer 503 "
                    + "instead of being open.")
    boolean strict() default false;

    @AttributeDefinition(name = "Authentication timeout (ms)", min = "1",
            description = "An AuthManager whose authenticate() takes longer than this never grants access: the "
                    + "request is treated as carrying rejected credentials and the overrun is logged.")
    long authenticationTimeoutMillis() default 5000;
}
