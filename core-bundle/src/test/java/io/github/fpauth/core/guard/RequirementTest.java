package io.github.fpauth.core.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import io.github.fpauth.api.route.RouteRequirements;

public class RequirementTest {

    @Test
    public void noPropertyMeansNoRequirement() {
        assertNull(Requirement.fromServiceProperties(Map.of("other", "x")));
        assertNull(Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_AUTHENTICATION, false)));
        assertNull(Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_AUTHENTICATION, "false")));
    }

    @Test
    public void authenticationFromBooleanOrString() {
        assertTrue(Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_AUTHENTICATION, true))
                .roles().isEmpty());
        assertNotNull(Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_AUTHENTICATION, "true")));
    }

    @Test
    public void rolesFromStringArrayOrCollection() {
        assertEquals(Set.of("fp_admin"),
                Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_ROLE, "fp_admin")).roles());
        assertEquals(Set.of("a", "b"), Requirement
                .fromServiceProperties(Map.of(RouteRequirements.REQUIRE_ROLE, new String[] { "a", " b " })).roles());
        assertEquals(Set.of("a"),
                Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_ROLE, List.of("a"))).roles());
    }

    @Test
    public void anUnreadableRolePropertyStillRequiresAuthentication() {
        Requirement requirement = Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_ROLE, 42));
        assertNotNull(requirement);
        assertTrue(requirement.roles().isEmpty());
        assertNotNull(Requirement.fromServiceProperties(Map.of(RouteRequirements.REQUIRE_ROLE, "")));
    }
}
