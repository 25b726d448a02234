package aio;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A socket address as asyncio reports it ({@code get_extra_info("peername")},
 * {@code getsockname()}): a host and a port, printed as Python prints the tuple,
 * {@code ('127.0.0.1', 54321)}, or for IPv6 {@code ('::1', 54321, 0, 0)}.
 *
 * @param host the numeric address, IPv6 in its short form
 * @param port the port
 */
public record Address(String host, int port) {

    /** The address of a connected or bound socket; null for null or a non-IP address. */
    public static Address of(SocketAddress address) {
        if (!(address instanceof InetSocketAddress isa)) {
            return null;
        }
        InetAddress ip = isa.getAddress();
        String host = ip == null ? isa.getHostString() : numeric(ip);
        return new Address(host, isa.getPort());
    }

    private static String numeric(InetAddress ip) {
        if (!(ip instanceof Inet6Address)) {
            return ip.getHostAddress();
        }
        String full = ip.getHostAddress();
        int percent = full.indexOf('%');
        return shorten(percent < 0 ? full : full.substring(0, percent));
    }

    /** RFC 5952: the longest run of two or more zero groups becomes "::" (Java prints "0:0:0:0:0:0:0:1"). */
    private static String shorten(String full) {
        String[] groups = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }

    /** Python's tuple: {@code ('127.0.0.1', 54321)}; IPv6 adds flowinfo and scope id, {@code ('::1', 54321, 0, 0)}. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0
                ? "('" + host + "', " + port + ", 0, 0)"
                : "('" + host + "', " + port + ")";
    }
}
