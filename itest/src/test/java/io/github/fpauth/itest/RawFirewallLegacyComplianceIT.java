package io.github.fpauth.itest;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.apache.felix.http.jetty.LoadBalancerCustomizerFactory;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.github.fpauth.itest.support.Poll;
import io.github.fpauth.itest.support.RawHttp;

/**
 * The raw attack set against Jetty relaxed as far as an operator can relax it: URI compliance
 * {@code LEGACY} through Felix HTTP's own setting ({@code org.eclipse.jetty.UriComplianceMode},
 * which also lets the servlet layer decode ambiguous URIs), and a connector in
 * {@code HttpCompliance.LEGACY} (HTTP/0.9 and the like), added as a {@link ConnectorFactory}
 * service as Felix HTTP has no setting for that one. Jetty then hands encoded separators, dot
 * segments, empty segments and the like to the application: fpauth's firewall must refuse them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RawFirewallLegacyComplianceIT extends RawFirewallSuite {

    @Override
    protected Option[] bundlesUnderTest() {
        return new Option[] {CoreOptions.composite(super.bundlesUnderTest()),
            CoreOptions.frameworkProperty("org.eclipse.jetty.UriComplianceMode").value("LEGACY")};
    }

    @Override
    protected int connectorPort() throws java.io.IOException {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // fpauth's connector guard, as on Felix HTTP's own connector: the core serves nothing it has not checked
        HttpConfiguration.Customizer guard = service(LoadBalancerCustomizerFactory.class,
                "(component.name=io.github.fpauth.jetty12.internal.ConnectorGuardFactory)").createCustomizer();
        register(ConnectorFactory.class, server -> {
            HttpConfiguration configuration = new HttpConfiguration();
            configuration.setHttpCompliance(HttpCompliance.LEGACY);
            configuration.setUriCompliance(UriCompliance.LEGACY);
            configuration.addCustomizer(guard);
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(configuration));
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            return connector;
        });
        RawHttp raw = new RawHttp(port);
        Poll.until("the legacy connector on port " + port, () -> {
            try {
                return raw.send("GET /ready HTTP/1.1").status();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, status -> status == 200);
        return port;
    }

    @Override
    protected boolean lenient() {
        return true;
    }
}
