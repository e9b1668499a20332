package io.github.fpauth.jaas;

import static org.junit.Assert.assertEquals;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import org.junit.Test;

public class RoleMappingTest {

    /** Stands for a realm's role principal class. */
    static final class TestRole implements Principal {
        private final String name;

        TestRole(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    /** Stands for the user or group principals: not roles. */
    static final class TestUser implements Principal {
        private final String name;

        TestUser(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    private final RoleMapping mapping = new RoleMapping("admin", List.of(TestRole.class.getName()));

    @Test
    public void adminRoleBecomesFpAdminOthersPassThrough() {
        assertEquals(Set.of("fp_admin", "manager", "viewer"),
                mapping.roles(List.of(new TestUser("karaf"), new TestRole("admin"), new TestRole("manager"),
                        new TestRole("viewer"))));
    }

    @Test
    public void principalsOfOtherClassesAreNotRoles() {
        assertEquals(Set.of(), mapping.roles(List.of(new TestUser("admin"))));
    }

    @Test
    public void aRealmRoleNamedFpAdminGrantsNothingOnlyTheAdminRoleDoes() {
        assertEquals(Set.of("viewer"), mapping.roles(List.of(new TestRole("fp_admin"), new TestRole("viewer"))));
        RoleMapping direct = new RoleMapping("fp_admin", List.of(TestRole.class.getName()));
        assertEquals(Set.of("fp_admin"), direct.roles(List.of(new TestRole("fp_admin"))));
    }

    @Test
    public void blankAndControlCharacterRolesAreSkipped() {
        assertEquals(Set.of("ok"), mapping.roles(List.of(new TestRole(" "), new TestRole("a\nb"), new TestRole(null),
                new TestRole("ok"))));
    }
}
