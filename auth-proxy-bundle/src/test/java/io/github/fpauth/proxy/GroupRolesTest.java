package io.github.fpauth.proxy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.Test;

public class GroupRolesTest {

    @Test
    public void onlyMappedGroupsGiveRoles() {
        GroupRoles roles = GroupRoles.parse(new String[] {"admins=fp_admin", "ops = deployer", "ops=viewer"}, false);
        assertEquals(Set.of("fp_admin", "deployer", "viewer"), roles.roles(List.of("admins", "ops", "others")));
        assertEquals(Set.of(), roles.roles(List.of("others")));
    }

    @Test
    public void oneEntryMayListSeveralMappings() {
        GroupRoles roles = GroupRoles.parse(new String[] {"admins=fp_admin, ops=deployer"}, false);
        assertEquals(Set.of("fp_admin", "deployer"), roles.roles(List.of("admins", "ops")));
    }

    @Test
    public void groupsPassedAsRolesKeepTheirNames() {
        GroupRoles roles = GroupRoles.parse(new String[] {"admins=fp_admin"}, true);
        assertEquals(Set.of("fp_admin", "admins", "others"), roles.roles(List.of("admins", "others")));
    }

    @Test
    public void anEntryThatIsNotGroupEqualsRoleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GroupRoles.parse(new String[] {"admins"}, false));
        assertThrows(IllegalArgumentException.class, () -> GroupRoles.parse(new String[] {"=fp_admin"}, false));
        assertThrows(IllegalArgumentException.class, () -> GroupRoles.parse(new String[] {"admins="}, false));
    }
}
