package io.github.fpauth.core.guard;

import java.util.Arrays;
import java.util.Objects;

/**
 * What servlets must have in common to share one guard filter: the same requirement, the same
 * context selection and the same whiteboard target. A guard shared by servlets whose keys differ
 * would enforce the wrong requirement, or guard them in contexts or whiteboards they are not in.
 *
 * @param requirement   what the servlets require
 * @param contextSelect the LDAP filter selecting their whiteboard contexts
 * @param target        their {@code osgi.http.whiteboard.target}, or null
 * @param ownServlet    the service id of a servlet that gets a guard of its own, or null when the
 *                      servlet may share one (see {@link ServletGuard})
 */
record GuardKey(Requirement requirement, String contextSelect, Object target, Long ownServlet) {

    GuardKey {
        Objects.requireNonNull(requirement);
        Objects.requireNonNull(contextSelect);
    }

    // The target is compared by content: a property value may be an array.
    @Override
    public boolean equals(Object other) {
        return other instanceof GuardKey key && requirement.equals(key.requirement)
                && contextSelect.equals(key.contextSelect) && Objects.deepEquals(target, key.target)
                && Objects.equals(ownServlet, key.ownServlet);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirement, contextSelect, Arrays.deepHashCode(new Object[] { target }), ownServlet);
    }
}
