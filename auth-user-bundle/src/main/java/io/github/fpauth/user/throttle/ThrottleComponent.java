package io.github.fpauth.user.throttle;

import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.user.UserConfig;
import io.github.fpauth.user.shared.SharedStoreTracker;

/**
 * The bundle's {@link Throttle} service, configured from PID {@value UserConfig#PID}. A new
 * configuration changes the numbers but keeps what was recorded. With a shared store the records
 * are the store's ({@link SharedThrottle}), counted by every node alike.
 */
@Component(service = Throttle.class, configurationPid = UserConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ThrottleComponent implements Throttle {

    private static final Logger LOG = LoggerFactory.getLogger(ThrottleComponent.class);

    /** How often a shared store forgets idle records. */
    private static final long SWEEP_MILLIS = 60_000;

    private final Throttle throttle;
    private final FailureThrottle local;
    private final SharedThrottle shared;
    private final SharedStoreTracker storage;
    private final ScheduledFuture<?> sweeping;

    @Activate
    public ThrottleComponent(UserConfig config, @Reference SharedStoreTracker storage) {
        this.storage = storage;
        if (storage.isShared()) {
            local = null;
            shared = new SharedThrottle(storage, settings(config), System::currentTimeMillis);
            storage.register(shared);
            sweeping = storage.every(SWEEP_MILLIS, shared::sweep);
            throttle = shared;
        } else {
            local = new FailureThrottle(settings(config));
            shared = null;
            sweeping = null;
            throttle = local;
        }
    }

    @Deactivate
    void deactivate() {
        if (shared != null) {
            sweeping.cancel(false);
            storage.unregister(shared);
        }
    }

    @Modified
    void modified(UserConfig config) {
        if (local != null) {
            local.reconfigure(settings(config));
        } else {
            shared.reconfigure(settings(config));
        }
    }

    static ThrottleSettings settings(UserConfig config) {
        ThrottleSettings settings = new ThrottleSettings(config.throttleAccountFailures(),
                config.throttleAddressFailures(), config.throttleBaseDelaySeconds(), config.throttleMaxDelaySeconds(),
                config.throttleFailuresPerHour(), config.throttleMaxEntries());
        if (settings.accountFailures() != config.throttleAccountFailures()
                || settings.addressFailures() != config.throttleAddressFailures()
                || settings.baseDelaySeconds() != config.throttleBaseDelaySeconds()
                || settings.maxDelaySeconds() != config.throttleMaxDelaySeconds()
                || settings.failuresPerHour() != config.throttleFailuresPerHour()
                || settings.maxEntries() != config.throttleMaxEntries()) {
            LOG.warn("Throttle settings out of range; using {}", settings);
        }
        return settings;
    }

    @Override
    public boolean isQuiet() {
        return throttle.isQuiet();
    }

    @Override
    public Verdict check(String account, String address) {
        return throttle.check(account, address);
    }

    @Override
    public void recordFailure(String account, String address) {
        throttle.recordFailure(account, address);
    }

    @Override
    public void recordSuccess(String account, String address) {
        throttle.recordSuccess(account, address);
    }

    @Override
    public List<Lockout> lockouts() {
        return throttle.lockouts();
    }

    @Override
    public int unlock(String accountOrAddress) {
        int cleared = throttle.unlock(accountOrAddress);
        if (cleared > 0) {
            LOG.info("Cleared the failed-login record of '{}'", accountOrAddress);
        }
        return cleared;
    }

    @Override
    public ThrottleSettings settings() {
        return throttle.settings();
    }
}
