package io.github.fpauth.user.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Set;

import org.junit.Test;

public class UserStoreFormatTest {

    private static final String HASH = "$pbkdf2-sha256$i=600000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

    private static String refusal(String content) {
        try {
            UserStoreFormat.read(content);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("read as valid:\n" + content);
        return null;
    }

    private static String valid() {
        return UserStoreFormat.write(List.of(User.create("alice", HASH, Set.of("fp_admin", "ops")),
                User.create("bob", "Bob the Builder", Set.of(), false, HASH)));
    }

    @Test
    public void writesHeaderRecordsAndTrailer() {
        String[] lines = valid().split("\n");
        assertEquals("fpauth-user-store\t2", lines[0]);
        assertEquals("user\tname=alice\tdisplayName=alice\troles=fp_admin,ops\tenabled=true\tpassword=" + HASH, lines[1]);
        assertEquals("user\tname=bob\tdisplayName=Bob the Builder\troles=\tenabled=false\tpassword=" + HASH, lines[2]);
        assertEquals("end\t2", lines[3]);
        assertTrue(valid().endsWith("\n"));
    }

    @Test
    public void roundTrips() {
        List<User> users = UserStoreFormat.read(valid());
        assertEquals(2, users.size());
        User alice = users.get(0);
        assertEquals("alice", alice.name());
        assertEquals(Set.of("fp_admin", "ops"), alice.roles());
        assertTrue(alice.isEnabled());
        assertEquals(HASH, alice.passwordHash());
        User bob = users.get(1);
        assertEquals("Bob the Builder", bob.displayName());
        assertTrue(bob.roles().isEmpty());
        assertFalse(bob.isEnabled());
    }

    @Test
    public void roundTripsAwkwardCharacters() {
        User odd = User.create("z%o=ë,", "100% \"Zoë\" = a, b 😀", Set.of("r%1", "r=2", "ünï"), true, HASH + "%=,\t\n");
        String written = UserStoreFormat.write(List.of(odd));
        assertEquals(3, written.split("\n").length);
        User read = UserStoreFormat.read(written).get(0);
        assertEquals(odd.name(), read.name());
        assertEquals(odd.displayName(), read.displayName());
        assertEquals(odd.roles(), read.roles());
        assertEquals(odd.passwordHash(), read.passwordHash());
    }

    @Test
    public void emptyStoreIsValid() {
        String written = UserStoreFormat.write(List.of());
        assertEquals("fpauth-user-store\t2\nend\t0\n", written);
        assertTrue(UserStoreFormat.read(written).isEmpty());
    }

    @Test
    public void refusesWhatIsNotAStore() {
        assertTrue(refusal("").contains("truncated"));
        assertTrue(refusal("\n").contains("not an fpauth user store"));
        assertTrue(refusal("hello world\n").contains("not an fpauth user store"));
        assertTrue(refusal("{\"users\":[]}\n").contains("not an fpauth user store"));
    }

    @Test
    public void refusesOtherVersions() {
        assertTrue(refusal(valid().replaceFirst("\t2\n", "\t4\n")).contains("unsupported format version '4'"));
        assertTrue(refusal(valid().replaceFirst("\t2\n", "\t0\n")).contains("unsupported format version '0'"));
    }

    @Test
    public void aSecondFactorIsWrittenOnlyWhenPresentAndRoundTrips() {
        User carol = User.create("carol", "carol", Set.of(), true, HASH, "sealed1:a%b\tc");
        String written = UserStoreFormat.write(List.of(carol, User.create("dave", HASH, Set.of())));
        String[] lines = written.split("\n");
        assertTrue(lines[1], lines[1].endsWith("\tsecondFactor=sealed1:a%25b%09c"));
        assertFalse(lines[2], lines[2].contains("secondFactor"));
        List<User> read = UserStoreFormat.read(written);
        assertEquals("sealed1:a%b\tc", read.get(0).secondFactor());
        assertFalse(read.get(1).hasSecondFactor());
        assertTrue(refusal(written.replace("secondFactor=sealed1:a%25b%09c", "secondFactor=")).contains("empty second factor"));
    }

    @Test
    public void anEmailAddressRoundTripsAndAnInvalidOneIsRefused() {
        String written = UserStoreFormat.write(List.of(User.create("carol", HASH, Set.of()).withEmail("carol@example.org")));
        assertTrue(written, written.contains("\temail=carol@example.org\n"));
        assertEquals("carol@example.org", UserStoreFormat.read(written).get(0).email());
        assertTrue(refusal(written.replace("email=carol@example.org", "email=carol%0d%0aBcc")).contains("email"));
    }

    @Test
    public void readsVersionOneFilesWhichHaveNoSecondFactor() {
        String versionOne = valid().replaceFirst("\t2\n", "\t1\n");
        List<User> users = UserStoreFormat.read(versionOne);
        assertEquals(2, users.size());
        assertFalse(users.get(0).hasSecondFactor());
        String forged = versionOne.replace("\tenabled=false", "\tenabled=false\tsecondFactor=x");
        assertTrue(refusal(forged).contains("unknown field 'secondFactor'"));
    }

    @Test
    public void refusesTruncatedFiles() {
        String content = valid();
        assertTrue(refusal(content.substring(0, content.length() - 1)).contains("truncated"));
        assertTrue(refusal(content.substring(0, content.indexOf("end"))).contains("no end line"));
        String withoutLastUser = content.replaceFirst("user\tname=bob[^\n]*\n", "");
        assertTrue(refusal(withoutLastUser).contains("does not count 1 users"));
        assertTrue(refusal(content.substring(0, content.indexOf("\tenabled=false")) + "\n").contains("line 3"));
    }

    @Test
    public void refusesDamagedRecords() {
        String content = valid();
        assertTrue(refusal(content.replace("user\tname=bob", "usr\tname=bob")).contains("line 3: unknown record 'usr'"));
        assertTrue(refusal(content.replace("\tenabled=false", "\tenabled=no")).contains("line 3: field 'enabled'"));
        assertTrue(refusal(content.replace("\tenabled=false", "")).contains("line 3: field 'enabled' is missing"));
        assertTrue(refusal(content.replace("\tenabled=false", "\tenabled=false\tadmin=true")).contains("unknown field 'admin'"));
        assertTrue(refusal(content.replace("\tenabled=false", "\tenabled=false\tenabled=true")).contains("appears twice"));
        assertTrue(refusal(content.replace("name=bob", "name=bob%zz")).contains("percent"));
        assertTrue(refusal(content.replace("name=bob", "name=bo b")).contains("user name"));
        assertTrue(refusal(content.replace("name=bob", "name=")).contains("user name must not be empty"));
        assertTrue(refusal(content.replace("name=bob", "name=alice")).contains("user 'alice' appears twice"));
        assertTrue(refusal(content.replace("password=" + HASH + "\nend", "password=\nend")).contains("password"));
        assertTrue(refusal(content.replace("\n", "\r\n")).contains("line"));
        assertTrue(refusal(content + "user\tname=carol\n").contains("content after the end line"));
        assertTrue(refusal(content.replace("roles=fp_admin,ops", "roles=fp_admin,,ops")).contains("role"));
    }

    @Test
    public void linkedIdentitiesRoundTripInVersionThreeAndAStoreWithoutThemStaysVersionTwo() {
        User linked = User.create("carol", "Carol", java.util.List.of("fp_admin"), true, "hash-c", null,
                "carol@example.org", java.util.List.of("okta:a,b%c", "keycloak:0b5c"));
        String written = UserStoreFormat.write(java.util.List.of(linked));
        assertTrue(written, written.startsWith("fpauth-user-store\t3\n"));
        assertTrue(written, written.contains("\tlinked=keycloak:0b5c,okta:a%2cb%25c"));
        User read = UserStoreFormat.read(written).get(0);
        assertEquals(java.util.Set.of("keycloak:0b5c", "okta:a,b%c"), read.linkedIdentities());

        String plain = UserStoreFormat.write(java.util.List.of(User.create("dave", "hash-d", java.util.List.of())));
        assertTrue(plain, plain.startsWith("fpauth-user-store\t2\n"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aVersionTwoFileWithLinkedIdentitiesIsRefused() {
        UserStoreFormat.read("fpauth-user-store\t2\nuser\tname=a\tdisplayName=a\troles=\tenabled=true"
                + "\tpassword=h\tlinked=keycloak:x\nend\t1\n");
    }
}
