package io.github.fpauth.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether authentication is on right now and which managers are known, registered as a service
 * by the fpauth core (FastPluggy's {@code auth_enable}). A snapshot read: cheap, lock-free.
 */
@ProviderType
public interface AuthStatus {

    /** An {@link AuthManager} is active: routes with requirements are enforced. */
    boolean isAuthEnabled();

    /** The name of the active manager. */
    Optional<String> activeManager();

    /** The names of every registered manager, the active one included, highest ranking first. */
    List<String> managers();

    /** The manager named by configuration, which plugins never displace. */
    Optional<String> configuredManager();

    /** Strict mode: while no manager is active, routes with requirements answer 503. */
    boolean isStrict();
}
