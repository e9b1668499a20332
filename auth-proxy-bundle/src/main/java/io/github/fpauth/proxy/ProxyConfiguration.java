package io.github.fpauth.proxy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the {@code proxy} manager, PID {@value #PID}. The manager exists only while
 * this configuration does, and only with at least one trusted proxy address. Applies at once.
 */
@ObjectClassDefinition(id = ProxyConfiguration.PID, name = "fpauth trusted proxy",
        description = "Takes the user, and optionally groups as roles, from headers set by a reverse proxy "
                + "that has authenticated them (oauth2-proxy, Authelia, Traefik forward-auth), and only from "
                + "the proxy's own addresses.")
public @interface ProxyConfiguration {

    String PID = "io.github.fpauth.proxy";

    @AttributeDefinition(name = "Trusted proxies",
            description = "Addresses or CIDR ranges (192.0.2.10, 10.0.0.0/8, 2001:db8::/32) whose requests may "
                    + "name the user. Headers from any other address are ignored and logged. Required: nothing "
                    + "is trusted by default.")
    String[] trustedProxies() default {};

    @AttributeDefinition(name = "User header", description = "The header that names the signed-in user.")
    String userHeader() default "X-Forwarded-User";

    @AttributeDefinition(name = "Display name header",
            description = "The header with the user's display name; empty: the user name is shown.")
    String displayNameHeader() default "";

    @AttributeDefinition(name = "Groups header",
            description = "The header listing the user's groups; empty: no groups are read.")
    String groupsHeader() default "X-Forwarded-Groups";

    @AttributeDefinition(name = "Group separator", description = "What separates groups in the groups header.")
    String groupSeparator() default ",";

    @AttributeDefinition(name = "Group to role mapping",
            description = "Entries group=role, e.g. admins=fp_admin (fp_admin opens the admin pages). Only mapped "
                    + "groups give roles, unless groups are passed as roles.")
    String[] roleMapping() default {};

    @AttributeDefinition(name = "Pass groups as roles",
            description = "Every group the proxy names is a role of the same name, besides the mapped ones.")
    boolean groupsAsRoles() default false;

    @AttributeDefinition(name = "Secret header",
            description = "A header the proxy adds with the shared secret below; empty: no secret is asked.")
    String secretHeader() default "";

    @AttributeDefinition(name = "Shared secret", type = AttributeType.PASSWORD,
            description = "The value the proxy sends in the secret header; requests from a trusted address "
                    + "without it are refused.")
    String _secret() default "";

    @AttributeDefinition(name = "Service ranking",
            description = "The manager with the highest ranking is the active one; auth_user has 0.")
    int service_ranking() default 100;
}
