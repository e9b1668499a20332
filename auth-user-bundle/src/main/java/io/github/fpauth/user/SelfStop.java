package io.github.fpauth.user;

import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops this bundle, once per start, when it cannot work (an unreadable user store). SCR retries
 * a failed activation for every component that asks for the service, so one start may fail many
 * times; a stop for each would leave late ones waiting, and the first start after the operator's
 * repair would be stopped by one of them. One instance lives for one start of the bundle.
 */
// Immediate: the one instance lives as long as the bundle's start, not as long as someone holds it.
@Component(service = SelfStop.class, immediate = true)
public class SelfStop {

    private static final Logger LOG = LoggerFactory.getLogger(SelfStop.class);

    private final Bundle bundle;
    private final AtomicBoolean requested = new AtomicBoolean();

    @Activate
    public SelfStop(BundleContext context) {
        this.bundle = context.getBundle();
    }

    /** Stops the bundle in the background (never from inside an activation: that would deadlock SCR), once. */
    public void stopInBackground() {
        if (!requested.compareAndSet(false, true)) {
            return;
        }
        Thread stopper = new Thread(() -> {
            try {
                bundle.stop(Bundle.STOP_TRANSIENT);
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Could not stop bundle {} after the user store failure", bundle.getSymbolicName(), e);
            }
        }, "fpauth-user-stop");
        stopper.setDaemon(true);
        stopper.start();
    }
}
