package io.github.fpauth.core.manager;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.osgi.framework.Constants;

import io.github.fpauth.api.AuthManager;

/** A real {@link AuthManagerRegistry} driven as DS would drive it, for tests in other packages. */
public final class RegistryFixture {

    private final AuthManagerRegistry registry = new AuthManagerRegistry();

    public RegistryFixture(String configuredManager, boolean strict) {
        configure(configuredManager, strict);
    }

    public AuthManagerRegistry registry() {
        return registry;
    }

    public void configure(String configuredManager, boolean strict) {
        registry.configure(config(configuredManager, strict, 5000));
    }

    public void configure(String configuredManager, boolean strict, long timeoutMillis) {
        registry.configure(config(configuredManager, strict, timeoutMillis));
    }

    public void bind(AuthManager manager, long serviceId) {
        registry.bindManager(manager, props(serviceId, 0));
    }

    public void unbind(AuthManager manager, long serviceId) {
        registry.unbindManager(manager, props(serviceId, 0));
    }

    static Map<String, Object> props(long id, int ranking) {
        return Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_RANKING, ranking);
    }

    static CoreConfiguration config(String manager, boolean strict) {
        return config(manager, strict, 5000);
    }

    static CoreConfiguration config(String manager, boolean strict, long timeoutMillis) {
        return new CoreConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CoreConfiguration.class;
            }

            @Override
            public String manager() {
                return manager == null ? "" : manager;
            }

            @Override
            public boolean strict() {
                return strict;
            }

            @Override
            public long authenticationTimeoutMillis() {
                return timeoutMillis;
            }
        };
    }
}
