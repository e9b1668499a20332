package io.github.fpauth.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses whose requests may name the user: a list of CIDR ranges, IPv4 and IPv6. Only
 * address literals are read, never host names: a name would be resolved through DNS, at start-up
 * and again for every request.
 */
final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses entries such as {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code 2001:db8::/32}; an entry
     * may list several, separated by commas or spaces (as a {@code .cfg} file holds them).
     */
    static TrustedProxies parse(String... entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String part : entry == null ? new String[0] : entry.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    ranges.add(Range.parse(part));
                }
            }
        }
        return new TrustedProxies(ranges);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The address literal {@code address} (a request's remote address) is in one of the ranges. */
    boolean trusts(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }

    /** The bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 as IPv4), or null for anything else. */
    static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        String text = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        if (IPV4.matcher(text).matches()) {
            return ipv4(text);
        }
        if (!IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // Holds a ':', so InetAddress reads it as an IPv6 literal: no name lookup happens.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Dotted-quad IPv4, read here: InetAddress would look up "999.1.1.1" as a host name. */
    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private record Range(byte[] network, int prefix, String text) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = literal(address);
            if (network == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
            }
            int bits = network.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a CIDR prefix length: " + entry);
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("CIDR prefix length out of range: " + entry);
                }
            }
            return new Range(network, prefix, entry);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
