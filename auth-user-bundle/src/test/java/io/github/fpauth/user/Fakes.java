package io.github.fpauth.user;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionStore;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.shared.StoreConfig;
import io.github.fpauth.user.spi.SharedStore;

/** Hand-made stand-ins for the few container and configuration objects the components touch. */
public final class Fakes {

    private Fakes() {
    }

    /** A configuration with the annotation's defaults, except {@code overrides}. */
    public static UserConfig config(Map<String, Object> overrides) {
        return (UserConfig) Proxy.newProxyInstance(UserConfig.class.getClassLoader(), new Class<?>[] {UserConfig.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "UserConfig" : null;
                    }
                    return overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    public static UserConfig config() {
        return config(Map.of());
    }

    /** A two-factor configuration with the annotation's defaults, except {@code overrides}. */
    public static io.github.fpauth.user.totp.SecondFactorConfig secondFactorConfig(Map<String, Object> overrides) {
        return configOf(io.github.fpauth.user.totp.SecondFactorConfig.class, overrides);
    }

    /** A configuration of component property type {@code type}: its defaults, except {@code overrides}. */
    public static <T> T configOf(Class<T> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? type.getSimpleName() : null;
                    }
                    return overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                }));
    }

    /** The store choice {@code store} ({@code file} or a shared kind). */
    public static StoreConfig storeConfig(String store) {
        return (StoreConfig) Proxy.newProxyInstance(StoreConfig.class.getClassLoader(),
                new Class<?>[] {StoreConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "StoreConfig" : null;
                    }
                    return method.getName().equals("store") ? store : method.getDefaultValue();
                });
    }

    /** The default store choice: files of this node. */
    public static SharedStoreTracker fileStorage() {
        return new SharedStoreTracker(storeConfig(StoreConfig.FILE));
    }

    /** A tracker following {@code store} as the shared store of kind {@code memory}. */
    public static SharedStoreTracker sharedStorage(SharedStore store) {
        SharedStoreTracker tracker = new SharedStoreTracker(storeConfig("memory"));
        tracker.bindStore(store, Map.of(SharedStore.KIND, "memory"));
        return tracker;
    }

    /**
     * A bundle context whose data area is {@code dataArea}, whose bundle is {@code bundle}, and
     * whose framework properties {@code properties} answers.
     */
    public static BundleContext context(File dataArea, Bundle bundle, Function<String, String> properties) {
        // The bundle's own SelfStop service, as DS would offer it: one for this start of the bundle.
        SelfStop[] selfStop = new SelfStop[1];
        ServiceReference<?> selfStopReference = (ServiceReference<?>) Proxy.newProxyInstance(
                ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class}, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "getDataFile":
                        return new File(dataArea, (String) args[0]);
                    case "getProperty":
                        return properties.apply((String) args[0]);
                    case "getBundle":
                        return bundle;
                    case "getServiceReference":
                        return SelfStop.class.equals(args[0]) ? selfStopReference : null;
                    case "getService":
                        return args[0] == selfStopReference ? selfStop[0] : null;
                    case "ungetService":
                        return args[0] == selfStopReference; // immediate: the instance stays
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
        selfStop[0] = new SelfStop(context);
        return context;
    }

    /** A request carrying these {@code Authorization} headers (none when empty). */
    static HttpServletRequest request(String... authorization) {
        return request(new AtomicInteger(), authorization);
    }

    /** {@link #request(String...)}, counting the calls of {@code getRemoteAddr} in {@code addressCalls}. */
    static HttpServletRequest request(AtomicInteger addressCalls, String... authorization) {
        List<String> headers = List.of(authorization);
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "getHeader":
                        return "authorization".equalsIgnoreCase((String) args[0]) && !headers.isEmpty() ? headers.get(0)
                                : null;
                    case "getHeaders":
                        return Collections.enumeration("authorization".equalsIgnoreCase((String) args[0]) ? headers
                                : List.of());
                    case "getRemoteAddr":
                        addressCalls.incrementAndGet();
                        return "192.0.2.1";
                    case "setAttribute":
                        attributes.put((String) args[0], args[1]);
                        return null;
                    case "getAttribute":
                        return attributes.get((String) args[0]);
                    case "getCookies":
                        return null;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** An empty session store in {@code directory}. */
    static SessionStore sessions(Path directory) {
        return new PersistentSessionStore(directory.resolve("sessions.txt"), new SessionSecrets(new SecureRandom()),
                SessionTimeouts.defaults(), System::currentTimeMillis);
    }

    /** Records what is set on a response. */
    static final class Response {
        final Map<String, String> headers = new HashMap<>();
        int status;

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                        case "setHeader":
                            headers.put((String) args[0], (String) args[1]);
                            return null;
                        case "sendError":
                            status = (Integer) args[0];
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }
}
