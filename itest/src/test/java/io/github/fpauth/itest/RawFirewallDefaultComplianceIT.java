package io.github.fpauth.itest;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The raw attack set against Felix HTTP's own connector, in Jetty 12's default compliance (HTTP RFC 9110, URI RFC 3986 with no violation allowed). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RawFirewallDefaultComplianceIT extends RawFirewallSuite {

    @Override
    protected int connectorPort() {
        return httpPort();
    }

    @Override
    protected boolean lenient() {
        return false;
    }
}
