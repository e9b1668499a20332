package io.github.fpauth.runtime;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the OSGi framework when the JVM is asked to shut down (SIGTERM, SIGINT, System.exit).
 *
 * <p>Neither Felix nor the bnd launcher of the executable jar does this: without it a SIGTERM
 * ends the JVM with every bundle still active, so no component is deactivated and no bundle
 * gets the chance to finish writing its data.
 */
@Component(immediate = true)
public class FrameworkShutdownHook {

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkShutdownHook.class);

    /** How long the hook waits for every bundle to stop before letting the JVM exit anyway. */
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final Thread hook;

    @Activate
    public FrameworkShutdownHook(BundleContext context) {
        Bundle systemBundle = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        this.hook = new Thread(() -> stopFramework(systemBundle), "fpauth-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // Deactivated because the hook itself is stopping the framework: nothing to undo.
        }
    }

    private static void stopFramework(Bundle systemBundle) {
        if ((systemBundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return;
        }
        LOG.info("JVM shutdown requested: stopping the OSGi framework");
        try {
            systemBundle.stop();
            if (systemBundle instanceof Framework) {
                FrameworkEvent event = ((Framework) systemBundle).waitForStop(STOP_TIMEOUT_MILLIS);
                // Logging itself has stopped by now: only a warning still reaches the console.
                if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    LOG.warn("The OSGi framework did not stop within {} ms; exiting anyway", STOP_TIMEOUT_MILLIS);
                }
            }
        } catch (BundleException e) {
            LOG.error("Could not stop the OSGi framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
