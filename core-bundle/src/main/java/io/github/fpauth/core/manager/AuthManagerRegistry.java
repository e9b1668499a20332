package io.github.fpauth.core.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthStatus;

/**
 * Follows {@link AuthManager} services as they come and go and publishes which one is active
 * (FastPluggy's {@code set_auth_manager}, made dynamic).
 *
 * <p>Writers (service events, configuration changes) are serialized and publish a new immutable
 * {@link AuthSnapshot}; the request path only reads the volatile field, the copy-on-write model
 * of Apache Sling's authenticator. Binding and unbinding happen inside the service event, so
 * when a manager's bundle has stopped, no new request sees that manager any more.
 */
@Component(service = { AuthManagerRegistry.class, AuthStatus.class }, configurationPid = CoreConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = CoreConfiguration.class)
public class AuthManagerRegistry implements AuthStatus {

    private static final Logger LOG = LoggerFactory.getLogger(AuthManagerRegistry.class);

    private final Object writeLock = new Object();
    private volatile AuthSnapshot snapshot = AuthSnapshot.EMPTY;
    private final List<ManagerEntry> entries = new ArrayList<>();

    @Activate
    @Modified
    void configure(CoreConfiguration config) {
        synchronized (writeLock) {
            publish(snapshot.withSettings(config.manager(), config.strict(),
                    java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Math.max(1, config.authenticationTimeoutMillis()))));
        }
    }

    @Reference(service = AuthManager.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedManager")
    void bindManager(AuthManager manager, Map<String, Object> properties) {
        String name = nameOf(manager, properties);
        if (name == null) {
            return;
        }
        synchronized (writeLock) {
            entries.add(new ManagerEntry(manager, name, ranking(properties), serviceId(properties)));
            publish(snapshot.withManagers(entries));
        }
    }

    void updatedManager(AuthManager manager, Map<String, Object> properties) {
        synchronized (writeLock) {
            long id = serviceId(properties);
            for (int i = 0; i < entries.size(); i++) {
                ManagerEntry old = entries.get(i);
                if (old.serviceId() == id) {
                    entries.set(i, new ManagerEntry(manager, old.name(), ranking(properties), id));
                }
            }
            publish(snapshot.withManagers(entries));
        }
    }

    void unbindManager(AuthManager manager, Map<String, Object> properties) {
        synchronized (writeLock) {
            long id = serviceId(properties);
            entries.removeIf(e -> e.serviceId() == id);
            publish(snapshot.withManagers(entries));
        }
    }

    /** The current snapshot: read it once per request and keep it for the whole request. */
    public AuthSnapshot snapshot() {
        return snapshot;
    }

    private void publish(AuthSnapshot next) {
        AuthSnapshot previous = snapshot;
        snapshot = next;
        if (previous.activeOrNull() != next.activeOrNull() || previous.isFailingClosed() != next.isFailingClosed()) {
            if (next.activeOrNull() != null) {
                LOG.info("Authentication enabled: AuthManager {} is active", next.activeOrNull());
            } else if (next.isFailingClosed()) {
                LOG.warn("No AuthManager is active{}: routes with requirements answer 503",
                        next.configuredManager().map(m -> " (configured manager '" + m + "' is absent)").orElse(""));
            } else {
                LOG.info("Authentication disabled: no AuthManager is active, every route is open");
            }
        }
    }

    private static String nameOf(AuthManager manager, Map<String, Object> properties) {
        try {
            String name = manager.name();
            if (name != null && !name.isBlank()) {
                return name.trim();
            }
            LOG.error("Ignoring AuthManager service {}: its name() is empty", properties.get(Constants.SERVICE_ID));
        } catch (RuntimeException e) {
            LOG.error("Ignoring AuthManager service {}: name() failed", properties.get(Constants.SERVICE_ID), e);
        }
        return null;
    }

    private static int ranking(Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        return ranking instanceof Integer ? (Integer) ranking : 0;
    }

    private static long serviceId(Map<String, Object> properties) {
        return (Long) properties.get(Constants.SERVICE_ID);
    }

    // AuthStatus: every method reads one snapshot.

    @Override
    public boolean isAuthEnabled() {
        return snapshot.activeOrNull() != null;
    }

    @Override
    public Optional<String> activeManager() {
        return snapshot.active().map(ManagerEntry::name);
    }

    @Override
    public List<String> managers() {
        return snapshot.managers().stream().map(ManagerEntry::name).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public Optional<String> configuredManager() {
        return snapshot.configuredManager();
    }

    @Override
    public boolean isStrict() {
        return snapshot.isStrict();
    }
}
