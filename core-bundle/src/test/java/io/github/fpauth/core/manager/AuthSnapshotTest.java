package io.github.fpauth.core.manager;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import io.github.fpauth.api.AuthManager;
import io.github.fpauth.api.AuthResult;

public class AuthSnapshotTest {

    private static ManagerEntry entry(String name, int ranking, long id) {
        AuthManager manager = new AuthManager() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AuthResult authenticate(javax.servlet.http.HttpServletRequest request) {
                return AuthResult.noCredentials();
            }
        };
        return new ManagerEntry(manager, name, ranking, id);
    }

    @Test
    public void noManagerMeansOpenUnlessStrict() {
        AuthSnapshot open = AuthSnapshot.of(List.of(), null, false);
        assertNull(open.activeOrNull());
        assertFalse(open.isFailingClosed());
        assertTrue(AuthSnapshot.of(List.of(), null, true).isFailingClosed());
    }

    @Test
    public void highestRankingManagerIsActive() {
        AuthSnapshot snapshot = AuthSnapshot.of(List.of(entry("low", 0, 1), entry("high", 10, 2)), "", false);
        assertEquals("high", snapshot.activeOrNull().name());
        assertEquals(List.of("high", "low"), snapshot.managers().stream().map(ManagerEntry::name).toList());
    }

    @Test
    public void equalRankingsPreferTheOldestService() {
        AuthSnapshot snapshot = AuthSnapshot.of(List.of(entry("newer", 5, 9), entry("older", 5, 3)), null, false);
        assertEquals("older", snapshot.activeOrNull().name());
    }

    @Test
    public void configuredManagerWinsOverAHigherRankedOne() {
        AuthSnapshot snapshot = AuthSnapshot.of(List.of(entry("auth_user", 0, 1), entry("plugin", 1000, 2)),
                "auth_user", false);
        assertEquals("auth_user", snapshot.activeOrNull().name());
    }

    @Test
    public void absentConfiguredManagerFailsClosedInsteadOfFallingBack() {
        AuthSnapshot snapshot = AuthSnapshot.of(List.of(entry("plugin", 1000, 2)), "auth_user", false);
        assertNull(snapshot.activeOrNull());
        assertTrue(snapshot.isFailingClosed());
    }
}
