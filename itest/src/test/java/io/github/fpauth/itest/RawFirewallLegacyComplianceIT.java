package io.github.fpauth.itest;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.http.HttpCompliance;
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
 * The raw attack set against a connector in Jetty's lenient {@code HttpCompliance.LEGACY} mode,
 * which hands ambiguous URIs (path parameters, HTTP/0.9, ...) to the application instead of
 * refusing them. Felix HTTP Jetty 4.2.x has no setting for the compliance mode; it adds the
 * connectors of {@link ConnectorFactory} services to its server, so the test registers one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RawFirewallLegacyComplianceIT extends RawFirewallSuite {

    @Override
    protected int connectorPort() throws java.io.IOException {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        register(ConnectorFactory.class, server -> {
            ServerConnector connector = new ServerConnector(server,
                    new HttpConnectionFactory(new HttpConfiguration(), HttpCompliance.LEGACY));
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
