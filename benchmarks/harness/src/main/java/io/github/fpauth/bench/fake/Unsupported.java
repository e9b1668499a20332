package io.github.fpauth.bench.fake;

import java.lang.reflect.Proxy;

/** A servlet API object on which every call fails, naming the method: the fakes override what the code under test uses. */
final class Unsupported {

    private Unsupported() {
    }

    static <T> T of(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(Unsupported.class.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "unsupported " + type.getSimpleName();
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                            + " is not faked for the benchmarks");
                }));
    }
}
