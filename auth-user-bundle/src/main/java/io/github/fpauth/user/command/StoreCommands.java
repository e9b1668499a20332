package io.github.fpauth.user.command;

import java.io.File;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.github.fpauth.user.UserConfig;
import io.github.fpauth.user.UserDirectoryComponent;
import io.github.fpauth.user.session.SessionStoreComponent;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.shared.FileStoreCopy;
import io.github.fpauth.user.shared.SharedStoreTracker;
import io.github.fpauth.user.shared.StoreConfig;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.StoreUnavailableException;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.token.TokenComponent;

/**
 * Gogo commands (scope {@code fpauth}) about where auth-user keeps its records: {@code store}
 * tells, {@code storeimport} copies this node's file store into a shared store (the move from
 * one node to several, see docs/scale-out.md). The copy works whichever store the node uses
 * now: it reads the files, not the node's replicas.
 */
@Component(service = StoreCommands.class, configurationPid = UserConfig.PID, property = {
        "osgi.command.scope=fpauth",
        "osgi.command.function=store",
        "osgi.command.function=storeimport" })
public class StoreCommands {

    private static final String FORCE = "--force";
    /** A store kind: a plain word, never a piece of a service filter. */
    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final SharedStoreTracker storage;
    private final Path userFile;
    private final Path tokenFile;
    private final Path sessionFile;
    private final SessionTimeouts timeouts;
    private final Function<String, StoreCall> stores;

    @Activate
    public StoreCommands(@Reference SharedStoreTracker storage, BundleContext context, UserConfig config) {
        this(storage, path(context, UserDirectoryComponent.STORE_FILE), path(context, TokenComponent.STORE_FILE),
                path(context, SessionStoreComponent.SESSION_FILE), SessionStoreComponent.timeouts(config),
                kind -> StoreCall.service(context, kind));
    }

    StoreCommands(SharedStoreTracker storage, Path userFile, Path tokenFile, Path sessionFile,
            SessionTimeouts timeouts, Function<String, StoreCall> stores) {
        this.storage = storage;
        this.userFile = userFile;
        this.tokenFile = tokenFile;
        this.sessionFile = sessionFile;
        this.timeouts = timeouts;
        this.stores = stores;
    }

    /** {@code store}: which store this node uses, and whether it is available. */
    public String store() {
        return "Store: " + storage.describe() + "\nFile store: " + userFile.getParent()
                + (storage.isShared() ? " (not in use)" : "");
    }

    /** {@code storeimport <kind>}: copies the file store into the empty shared store of that kind. */
    public String storeimport(String kind) {
        return copy(kind, false);
    }

    /** {@code storeimport --force <kind>}: copies it even into a store that holds records (a merge). */
    public String storeimport(String option, String kind) {
        if (!FORCE.equals(option)) {
            throw new IllegalArgumentException("usage: storeimport [" + FORCE + "] <kind>, e.g. storeimport jdbc");
        }
        return copy(kind, true);
    }

    private String copy(String kind, boolean force) {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind.trim()).matches() || kind.trim().equals(StoreConfig.FILE)) {
            throw new IllegalArgumentException("name the shared store to copy into, e.g. storeimport jdbc");
        }
        FileStoreCopy files;
        try {
            files = FileStoreCopy.read(userFile, tokenFile, sessionFile, timeouts);
        } catch (UserStoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try (StoreCall call = stores.apply(kind.trim())) {
            SharedStore target = call.store();
            FileStoreCopy.Result result;
            try {
                result = files.copyInto(target, force);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage() + "; use storeimport " + FORCE + " " + kind, e);
            } catch (StoreUnavailableException e) {
                throw new IllegalArgumentException("the copy stopped, " + e.getMessage()
                        + "; what was copied stays: run storeimport " + FORCE + " " + kind + " again", e);
            }
            return "Read " + files.describe() + ".\n" + result + "\nInto: " + target.describe()
                    + (storage.isShared() ? "" : "\nThis node still uses its files: set store=" + kind.trim()
                            + " in " + StoreConfig.PID + " to move it.");
        }
    }

    private static Path path(BundleContext context, String name) {
        File file = UserDirectoryComponent.storeFile(context, name);
        if (file == null) {
            throw new IllegalStateException("the framework offers no data area: auth-user has no file store");
        }
        return file.toPath();
    }

    /** A shared store service, held while the copy runs. */
    interface StoreCall extends AutoCloseable {

        SharedStore store();

        @Override
        void close();

        static StoreCall of(SharedStore store) {
            return new StoreCall() {
                @Override
                public SharedStore store() {
                    return store;
                }

                @Override
                public void close() {
                }
            };
        }

        /** The service with {@code fpauth.store=kind}, released by {@link #close()}. */
        static StoreCall service(BundleContext context, String kind) {
            Collection<ServiceReference<SharedStore>> found;
            try {
                found = context.getServiceReferences(SharedStore.class, "(" + SharedStore.KIND + "=" + kind + ")");
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException("not a store kind: " + kind);
            }
            ServiceReference<SharedStore> reference = found.stream().sorted(Comparator.reverseOrder())
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no shared store '" + kind
                            + "' is registered (for jdbc: install io.github.fpauth.store.jdbc and configure "
                            + "io.github.fpauth.store.jdbc)"));
            SharedStore store = context.getService(reference);
            if (store == null) {
                throw new IllegalArgumentException("the shared store '" + kind + "' went away");
            }
            return new StoreCall() {
                @Override
                public SharedStore store() {
                    return store;
                }

                @Override
                public void close() {
                    context.ungetService(reference);
                }
            };
        }
    }
}
