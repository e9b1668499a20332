package io.github.fpauth.core.firewall;

/** The core's request firewall without Declarative Services, for benchmarks without OSGi. */
public final class BenchFirewalls {

    private BenchFirewalls() {
    }

    /** Enabled, allowing the benchmark's GET requests. */
    public static RequestFirewall allowingGet() {
        return new RequestFirewall(true, "GET");
    }
}
