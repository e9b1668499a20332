package io.github.fpauth.itest.support;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.inject.Inject;
import javax.servlet.Servlet;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.http.context.ServletContextHelper;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthStatus;

/**
 * Base of the fpauth integration tests: a fresh Felix web runtime per test class (see
 * {@link FpauthExamOptions}), plain HTTP to it, and helpers to change the runtime the way an
 * operator or a plugin would — stop and start bundles, register services, write configuration,
 * run Gogo commands. Whatever a test changes with these helpers is undone after it.
 *
 * <p>Subclasses carry {@code @RunWith(PaxExam.class)} and
 * {@code @ExamReactorStrategy(PerClass.class)} and name their bundles in {@link #bundlesUnderTest()}.
 */
public abstract class FpauthTestSupport {

    /** The admin the auth-user bundle creates on first start. */
    protected static final String ADMIN = "admin";
    /** The admin's password, handed to the runtime as {@code fpauth.admin.password}. */
    protected static final String ADMIN_PASSWORD = FpauthExamOptions.ADMIN_PASSWORD;

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configAdmin;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();
    private final Set<FpauthBundle> stoppedBundles = new LinkedHashSet<>();
    private final List<String> addedUsers = new ArrayList<>();
    private Http http;

    @Configuration
    public Option[] config() {
        return new Option[] {FpauthExamOptions.webRuntime(FpauthExamOptions.freePort(), adminPassword()),
                CoreOptions.composite(bundlesUnderTest())};
    }

    /** The first admin's password the runtime is started with; {@code null} for none. */
    protected String adminPassword() {
        return ADMIN_PASSWORD;
    }

    /** The fpauth bundles (and anything else) this test class adds to the web runtime. */
    protected abstract Option[] bundlesUnderTest();

    /**
     * Every test runs auth-user with {@linkplain #relaxHashing relaxed hashing}, unless its class
     * opts out ({@link #relaxesHashing}) or it names the hashing share itself: with the default share a slow or busy machine
     * answers some logins and Basic checks 503 busy, as it should in production, and a test of
     * something else would fail for it.
     */
    @Before
    public void relaxHashingByDefault() throws Exception {
        if (relaxesHashing()) {
            relaxHashing();
        }
    }

    /**
     * Whether {@link #relaxHashingByDefault} writes auth-user's configuration before each test; a
     * class whose every test writes its own (and polls for it to apply) answers {@code false}.
     */
    protected boolean relaxesHashing() {
        return true;
    }

    /** Undoes what the test changed: its services, its configurations, the bundles it stopped. */
    @After
    public void undoChanges() throws Exception {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the test unregistered it itself
            }
        }
        registrations.clear();
        for (org.osgi.service.cm.Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // the test deleted it itself
            }
        }
        configurations.clear();
        for (FpauthBundle bundle : stoppedBundles) {
            bundle(bundle).start();
        }
        stoppedBundles.clear();
        for (String user : addedUsers) {
            gogo("fpauth:userdel " + user);
        }
        addedUsers.clear();
    }

    // ---------------------------------------------------------------- HTTP

    protected Http http() {
        if (http == null) {
            http = new Http(httpPort());
        }
        return http;
    }

    protected int httpPort() {
        return Integer.parseInt(context.getProperty(FpauthExamOptions.HTTP_PORT_PROPERTY));
    }

    /** Polls {@code path} without credentials until it answers {@code status}. */
    protected Http.Response awaitStatus(String path, int status) {
        return Poll.until("GET " + path + " -> " + status, () -> http().get(path), r -> r.status() == status);
    }

    /** Polls {@code path} with Basic credentials until it answers {@code status}. */
    protected Http.Response awaitStatus(String path, String user, String password, int status) {
        return Poll.until("GET " + path + " as " + user + " -> " + status, () -> http().get(path, user, password),
                r -> r.status() == status);
    }

    /** Polls {@code /ready} until it names {@code manager} as active ({@code null}: none). */
    protected Http.Response awaitActiveManager(String manager) {
        String expected = manager == null ? "null" : Json.quoted(manager);
        return Poll.until("/ready with activeManager " + expected, () -> http().get("/ready"),
                r -> r.status() == 200 && expected.equals(r.json("activeManager")));
    }

    // ---------------------------------------------------------------- bundles

    protected Bundle bundle(FpauthBundle which) {
        for (Bundle bundle : context.getBundles()) {
            if (which.symbolicName().equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + which.symbolicName() + " is not installed");
    }

    /** Stops an fpauth bundle; it is started again after the test. */
    protected void stop(FpauthBundle which) throws BundleException {
        stoppedBundles.add(which);
        bundle(which).stop();
        assertEquals(which.symbolicName() + " state", Bundle.RESOLVED, bundle(which).getState());
    }

    protected void start(FpauthBundle which) throws BundleException {
        bundle(which).start();
        stoppedBundles.remove(which);
        assertEquals(which.symbolicName() + " state", Bundle.ACTIVE, bundle(which).getState());
    }

    // ---------------------------------------------------------------- services

    /** Registers a service for the duration of the test. */
    protected <S> ServiceRegistration<S> register(Class<S> type, S service, Object... properties) {
        ServiceRegistration<S> registration = context.registerService(type, service, dictionary(properties));
        registrations.add(registration);
        return registration;
    }

    /** Registers a whiteboard servlet in the default context for the duration of the test. */
    protected ServiceRegistration<Servlet> registerServlet(String name, String pattern, Servlet servlet,
            Object... properties) {
        Object[] all = concat(new Object[] {"osgi.http.whiteboard.servlet.name", name,
                "osgi.http.whiteboard.servlet.pattern", pattern}, properties);
        return register(Servlet.class, servlet, all);
    }

    /** Registers an {@link AuthManager} with the given service ranking for the duration of the test. */
    protected ServiceRegistration<AuthManager> registerManager(AuthManager manager, int ranking) {
        return register(AuthManager.class, manager, Constants.SERVICE_RANKING, ranking);
    }

    /** Waits for a service and returns it. */
    protected <S> S service(Class<S> type) {
        return service(type, null);
    }

    protected <S> S service(Class<S> type, String filter) {
        ServiceReference<S> reference = Poll.until(type.getSimpleName() + " service" + (filter == null ? "" : " " + filter),
                () -> {
                    try {
                        return context.getServiceReferences(type, filter).stream().findFirst().orElse(null);
                    } catch (InvalidSyntaxException e) {
                        throw new IllegalArgumentException(filter, e);
                    }
                }, Objects::nonNull);
        S service = context.getService(reference);
        if (service == null) {
            throw new AssertionError(type.getSimpleName() + " service went away");
        }
        return service;
    }

    protected AuthStatus authStatus() {
        return service(AuthStatus.class);
    }

    // ---------------------------------------------------------------- configuration

    /** auth-user's configuration PID. */
    protected static final String USER_PID = "io.github.fpauth.user";
    /** auth-user's setting of the CPU share password hashing may take. */
    protected static final String HASHING_SHARE = "passwordHashingCpuShare";

    /**
     * Writes the configuration {@code pid}; deleted after the test. auth-user's gets
     * {@link #relaxHashing() relaxed hashing} unless it names {@value #HASHING_SHARE} itself.
     */
    protected org.osgi.service.cm.Configuration configure(String pid, Object... properties) throws Exception {
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> dictionary = dictionary(properties);
        if (USER_PID.equals(pid) && dictionary.get(HASHING_SHARE) == null) {
            dictionary.put(HASHING_SHARE, 1.0);
        }
        configuration.update(dictionary);
        configurations.add(configuration);
        return configuration;
    }

    /** Lets password hashing use all the CPU time the hashing budget allows at most (share 1). */
    protected void relaxHashing() throws Exception {
        configure(USER_PID);
    }

    /** Creates a factory configuration of {@code factoryPid}; deleted after the test. */
    protected org.osgi.service.cm.Configuration configureFactory(String factoryPid, Object... properties)
            throws Exception {
        org.osgi.service.cm.Configuration configuration = configAdmin.createFactoryConfiguration(factoryPid, "?");
        configuration.update(dictionary(properties));
        configurations.add(configuration);
        return configuration;
    }

    // ---------------------------------------------------------------- whiteboard

    /** Registers a {@link WhoAmIServlet} in the default context; {@code properties} may add requirements. */
    protected ServiceRegistration<Servlet> registerWhoAmI(String pattern, Object... properties) {
        return registerServlet("itest-whoami" + pattern.replaceAll("[^A-Za-z0-9]+", "-"), pattern, new WhoAmIServlet(),
                properties);
    }

    /** Registers a whiteboard context named {@code name} at {@code path}. */
    protected ServiceRegistration<ServletContextHelper> registerContext(String name, String path) {
        return register(ServletContextHelper.class, new ServletContextHelper(context.getBundle()) {
        }, "osgi.http.whiteboard.context.name", name, "osgi.http.whiteboard.context.path", path);
    }

    /** The service property that puts a servlet into a whiteboard context, see {@link #selectContext}. */
    protected static final String CONTEXT_SELECT = "osgi.http.whiteboard.context.select";

    /** The value of {@link #CONTEXT_SELECT} that selects the whiteboard context named {@code name}. */
    protected static String selectContext(String name) {
        return "(osgi.http.whiteboard.context.name=" + name + ")";
    }

    // ---------------------------------------------------------------- users

    /** Adds an auth-user user through the {@code fpauth:useradd} Gogo command; removed after the test. */
    protected String addUser(String name, String password, String... roles) throws Exception {
        String command = "fpauth:useradd " + name + " " + password + " " + String.join(" ", roles);
        for (int attempt = 1;; attempt++) {
            try {
                String output = gogo(command);
                addedUsers.add(name);
                return output;
            } catch (Exception e) {
                // The hashing budget refuses a hash while earlier ones used its share of CPU (a slow or
                // busy machine): the command says so, and an admin tries again a second later.
                if (attempt == 10 || !isHashingBusy(e)) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private static boolean isHashingBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("HashingBusyException")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- Gogo

    /**
     * Runs a Gogo command line, waiting first for the command to be registered, and returns what it
     * printed followed by its formatted result.
     */
    protected String gogo(String commandLine) throws Exception {
        String command = commandLine.trim().split("\\s+")[0];
        int colon = command.indexOf(':');
        String scopeFilter = colon < 0 ? "" : "(osgi.command.scope=" + command.substring(0, colon) + ")";
        String commandFilter = "(&" + scopeFilter + "(osgi.command.function=" + command.substring(colon + 1) + "))";
        Poll.until("Gogo command " + command, () -> {
            try {
                return context.getServiceReferences((String) null, commandFilter);
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(commandFilter, e);
            }
        }, Objects::nonNull);
        CommandProcessor processor = service(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(commandLine);
            session.getConsole().flush();
            String printed = out.toString(StandardCharsets.UTF_8);
            return result == null ? printed : printed + session.format(result, Converter.INSPECT);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Dictionary<String, Object> dictionary(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("properties come as key, value pairs");
        }
        Hashtable<String, Object> dictionary = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            dictionary.put((String) keyValues[i], keyValues[i + 1]);
        }
        return dictionary;
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = new Object[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
