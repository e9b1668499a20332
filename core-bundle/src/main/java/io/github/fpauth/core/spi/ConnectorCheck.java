package io.github.fpauth.core.spi;

/**
 * The contract between the core's request firewall and a guard that runs in the servlet
 * container's connector, before anything of the container reads the request (fpauth's Jetty 12
 * bundle is one). Some faults of a container are reached before the first servlet filter; only
 * such a guard can refuse the requests that trigger them.
 *
 * <p>The guard marks every request it has checked with the request attribute
 * {@value #ATTRIBUTE}. A deployment that relies on the guard sets the framework property
 * {@value #REQUIRED_PROPERTY} to {@code true}: then the firewall answers 503 to any request
 * that lacks the mark, so that while the guard is missing (its bundle stopped, updated,
 * uninstalled) nothing is served rather than something served unchecked.
 */
public final class ConnectorCheck {

    /** The request attribute, {@link Boolean#TRUE} on a request the connector's guard has checked. */
    public static final String ATTRIBUTE = "io.github.fpauth.connector.checked";

    /**
     * The framework property that, set to {@code true}, makes the firewall refuse (503) a request
     * no connector guard has checked. A framework property, so that nothing configurable at
     * runtime (a web console page, a configuration file) can turn it off.
     */
    public static final String REQUIRED_PROPERTY = "fpauth.connector.guard.required";

    private ConnectorCheck() {
    }
}
