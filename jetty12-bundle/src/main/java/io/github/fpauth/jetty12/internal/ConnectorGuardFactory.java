package io.github.fpauth.jetty12.internal;

import org.apache.felix.http.jetty.LoadBalancerCustomizerFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

/**
 * Puts the {@link ConnectorRequestGuard} into Felix HTTP's Jetty 12 connector, through the one
 * customizer slot Felix HTTP offers there. That slot is used only with Felix HTTP's
 * {@code org.apache.felix.proxy.load.balancer.connection.enable=true}, and takes the
 * highest-ranked factory: this one, above Felix HTTP's own (which would trust
 * {@code X-Forwarded-*} headers from any client).
 *
 * <p>When this bundle stops, Felix HTTP falls back to its own factory; a deployment that sets
 * the core's {@code fpauth.connector.guard.required=true} then serves nothing (503) until the
 * guard is back, rather than requests read with forwarded headers trusted.
 */
@Component(service = LoadBalancerCustomizerFactory.class,
        property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MAX_VALUE)
public class ConnectorGuardFactory implements LoadBalancerCustomizerFactory {

    private final ConnectorRequestGuard guard = new ConnectorRequestGuard();

    @Override
    public HttpConfiguration.Customizer createCustomizer() {
        return guard;
    }
}
