package io.github.fpauth.core.guard;

import javax.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.fpauth.api.AuthResult;
import io.github.fpauth.api.CurrentUser;
import io.github.fpauth.core.manager.AuthManagerRegistry;
import io.github.fpauth.core.manager.AuthSnapshot;
import io.github.fpauth.core.manager.ManagerEntry;

/**
 * Resolves who made a request, once per request: reads the current snapshot, asks its active
 * manager (if any), and wraps the request in an {@link AuthenticatedRequest}, which answers
 * {@link CurrentUser}'s request attributes. The current-user preprocessor does the work; guards
 * reuse it (and do it themselves where a whiteboard skipped the preprocessor).
 */
final class RequestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);

    private final AuthManagerRegistry registry;

    RequestAuthenticator(AuthManagerRegistry registry) {
        this.registry = registry;
    }

    /**
     * The manager that authenticated {@code request} has been unregistered since: what it decided
     * must not be relied on any more.
     */
    boolean isGone(ManagerEntry manager) {
        return !registry.snapshot().isRegistered(manager);
    }

    /** The request already resolved by an fpauth filter, or resolves it now. */
    AuthenticatedRequest resolve(HttpServletRequest request) {
        AuthenticatedRequest resolved = find(request);
        if (resolved != null) {
            return resolved;
        }
        return resolveNow(request);
    }

    /**
     * Resolves the request now, without looking for an earlier resolution: for a request the
     * caller knows is unresolved (the preprocessor has just looked), and again for a request whose
     * manager went away before its servlet ran, where nothing the gone manager said is kept (the
     * new wrapper, outermost, answers instead of the old one) and the request goes on with the
     * current manager, or with none.
     */
    AuthenticatedRequest resolveNow(HttpServletRequest request) {
        AuthSnapshot snapshot = registry.snapshot();
        ManagerEntry manager = snapshot.activeOrNull();
        AuthResult result = AuthResult.noCredentials();
        if (manager != null) {
            try {
                result = authenticate(manager, request);
            } catch (RuntimeException | Error e) {
                rethrowIfFatal(e);
                AuthSnapshot now = registry.snapshot();
                if (now.activeOrNull() != manager) {
                    // The manager went away while it worked (its bundle stopping): the request
                    // starts over with the manager that replaced it, or with none.
                    LOG.debug("AuthManager {} failed while being replaced; retrying with the current one", manager, e);
                    snapshot = now;
                    manager = now.activeOrNull();
                    result = manager == null ? AuthResult.noCredentials() : authenticateOrFail(manager, request);
                } else {
                    LOG.warn("AuthManager {} failed to authenticate {} {}: {}", manager, request.getMethod(),
                            request.getRequestURI(), e.toString());
                    LOG.debug("AuthManager failure", e);
                    result = AuthResult.failed("authentication error");
                }
            }
        }
        // The wrapper answers CurrentUser's attributes: nothing is written to the request.
        return new AuthenticatedRequest(request, snapshot, manager, result);
    }

    private AuthResult authenticateOrFail(ManagerEntry manager, HttpServletRequest request) {
        try {
            return authenticate(manager, request);
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.warn("AuthManager {} failed to authenticate {} {}: {}", manager, request.getMethod(),
                    request.getRequestURI(), e.toString());
            return AuthResult.failed("authentication error");
        }
    }

    /**
     * A manager's Error (a NoClassDefFoundError once its bundle was refreshed, an assertion, a stack
     * overflow) is its failure, not the runtime's: like an exception it is refused, so that public
     * routes keep answering. Only a VirtualMachineError such as OutOfMemoryError goes on.
     */
    private static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
            throw (VirtualMachineError) failure;
        }
    }

    private AuthResult authenticate(ManagerEntry manager, HttpServletRequest request) {
        long start = System.nanoTime();
        AuthResult result = manager.manager().authenticate(request);
        long elapsed = System.nanoTime() - start;
        if (result == null) {
            LOG.warn("AuthManager {} returned no result; treating the request as not authenticated", manager);
            return AuthResult.failed("authentication error");
        }
        long timeout = registry.snapshot().authenticationTimeoutNanos();
        if (elapsed > timeout) {
            // A manager that hangs must not grant access late: its answer is refused.
            LOG.warn("AuthManager {} took {} ms to authenticate {} {} (timeout {} ms); refusing its answer", manager,
                    elapsed / 1_000_000, request.getMethod(), request.getRequestURI(), timeout / 1_000_000);
            return AuthResult.failed("authentication timeout");
        }
        return result;
    }

    /**
     * Our wrapper, if an fpauth filter already wrapped this request (possibly under other
     * wrappers, javax or Jakarta ones): asked by attribute, as every wrapper passes attribute
     * reads down to the one it wraps.
     */
    static AuthenticatedRequest find(HttpServletRequest request) {
        Object resolved = request.getAttribute(AuthenticatedRequest.ATTRIBUTE);
        return resolved instanceof AuthenticatedRequest ? (AuthenticatedRequest) resolved : null;
    }
}
