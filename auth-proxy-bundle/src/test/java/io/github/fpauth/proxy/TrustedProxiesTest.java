package io.github.fpauth.proxy;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TrustedProxiesTest {

    @Test
    public void anIpv4RangeTrustsItsAddressesAndNoOther() {
        TrustedProxies proxies = TrustedProxies.parse("10.1.0.0/16");
        assertTrue(proxies.trusts("10.1.0.1"));
        assertTrue(proxies.trusts("10.1.255.254"));
        assertFalse(proxies.trusts("10.2.0.1"));
        assertFalse(proxies.trusts("11.1.0.1"));
    }

    @Test
    public void aPrefixThatIsNotAWholeByteIsHonoured() {
        TrustedProxies proxies = TrustedProxies.parse("192.0.2.64/27");
        assertTrue(proxies.trusts("192.0.2.64"));
        assertTrue(proxies.trusts("192.0.2.95"));
        assertFalse(proxies.trusts("192.0.2.96"));
        assertFalse(proxies.trusts("192.0.2.63"));
    }

    @Test
    public void aBareAddressTrustsThatAddressAlone() {
        TrustedProxies proxies = TrustedProxies.parse("127.0.0.1", "::1");
        assertTrue(proxies.trusts("127.0.0.1"));
        assertFalse(proxies.trusts("127.0.0.2"));
        assertTrue(proxies.trusts("0:0:0:0:0:0:0:1"));
        assertTrue(proxies.trusts("[::1]"));
    }

    @Test
    public void ipv6RangesAndIpv4MappedAddressesAreRead() {
        TrustedProxies proxies = TrustedProxies.parse("2001:db8::/32", "198.51.100.0/24");
        assertTrue(proxies.trusts("2001:db8:1::7"));
        assertFalse(proxies.trusts("2001:db9::1"));
        assertTrue("IPv4-mapped IPv6 is the IPv4 address", proxies.trusts("::ffff:198.51.100.9"));
        assertFalse("an IPv4 range never matches an IPv6 address", proxies.trusts("::1"));
    }

    @Test
    public void hostNamesAndBrokenAddressesAreNeverTrustedNorLookedUp() {
        TrustedProxies proxies = TrustedProxies.parse("0.0.0.0/0");
        assertFalse(proxies.trusts("localhost"));
        assertFalse(proxies.trusts("999.1.1.1"));
        assertFalse(proxies.trusts(""));
        assertFalse(proxies.trusts(null));
        assertNull(TrustedProxies.literal("example.org"));
        assertNull(TrustedProxies.literal("1.2.3"));
    }

    @Test
    public void aConfigurationEntryThatIsNotARangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example.org"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("::1/129"));
    }

    @Test
    public void oneEntryMayListSeveralRangesAsACfgFileHoldsThem() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.0.2.7 ::1");
        assertTrue(proxies.trusts("10.9.9.9"));
        assertTrue(proxies.trusts("192.0.2.7"));
        assertTrue(proxies.trusts("::1"));
        assertFalse(proxies.trusts("192.0.2.8"));
    }

    @Test
    public void nothingIsTrustedByDefault() {
        assertTrue(TrustedProxies.parse().isEmpty());
        assertTrue(TrustedProxies.parse("", " ").isEmpty());
        assertFalse(TrustedProxies.parse().trusts("127.0.0.1"));
    }
}
