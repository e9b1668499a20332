package io.github.fpauth.runtime;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every HTTP request at 503 while the runtime starts, until the bundles in the FileInstall
 * folder (auth-user among them) are installed and started. Without it, Jetty would answer during
 * the moment between its own start and FileInstall's first scan, with no AuthManager yet: every
 * route open. Opens anyway after {@value #MAX_WAIT_SECONDS} s (a deployed bundle that cannot start
 * must not keep the runtime closed), with a warning.
 */
// First of all preprocessors: nothing (not even a credential check) runs while the gate is shut.
@Component(service = Preprocessor.class, immediate = true, property = {
        "osgi.http.whiteboard.filter.name=fpauth runtime startup gate", "service.ranking:Integer=2147483647" })
public class StartupGate implements Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(StartupGate.class);
    private static final long MAX_WAIT_SECONDS = 15;
    private static final long POLL_MILLIS = 25;

    private final BundleContext context;
    private final File deployDir;
    private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fpauth-startup-gate");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean open;

    @Activate
    public StartupGate(BundleContext context) {
        this.context = context;
        String dir = context.getProperty("felix.fileinstall.dir");
        this.deployDir = dir == null || dir.isBlank() ? null : new File(dir).getAbsoluteFile();
        poller.scheduleWithFixedDelay(this::check, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    private void check() {
        String waitingFor = firstNotStarted();
        if (waitingFor == null) {
            LOG.info("Deployed bundles started: serving requests");
        } else if (System.nanoTime() > deadline) {
            LOG.warn("{} did not start within {} s: serving requests anyway", waitingFor, MAX_WAIT_SECONDS);
        } else {
            return;
        }
        open = true;
        poller.shutdown();
    }

    /** The first jar of the deploy folder whose bundle is not started with its services yet, or null. */
    private String firstNotStarted() {
        File[] jars = deployDir == null ? null : deployDir.listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null) {
            return null;
        }
        for (File jar : jars) {
            if (!isStarted(jar.getName())) {
                return jar.getName();
            }
        }
        return null;
    }

    private boolean isStarted(String jarName) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().endsWith("/" + jarName)) {
                // Declarative Services registers a bundle's services as it starts: a bundle that
                // declares components is ready once it has some.
                boolean declaresComponents = bundle.getHeaders().get("Service-Component") != null;
                return bundle.getState() == Bundle.ACTIVE
                        && (!declaresComponents || bundle.getRegisteredServices() != null);
            }
        }
        return false;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (open || !(response instanceof HttpServletResponse)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        http.setHeader("Retry-After", "1");
        http.setContentType("text/plain;charset=UTF-8");
        http.getWriter().write("Starting\n");
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
