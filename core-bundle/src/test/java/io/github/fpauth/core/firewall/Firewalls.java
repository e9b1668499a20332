package io.github.fpauth.core.firewall;

/** Request firewalls for tests. */
public final class Firewalls {

    private Firewalls() {
    }

    /** With the configuration's defaults. */
    public static RequestFirewall defaults() {
        try {
            return of(true, (String[]) FirewallConfiguration.class.getMethod("allowedMethods").getDefaultValue());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RequestFirewall of(boolean enabled, String... methods) {
        return new RequestFirewall(enabled, methods);
    }
}
