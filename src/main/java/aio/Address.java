package aio;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;

/**
 * A socket address as asyncio reports it ({@code get_extra_info("peername")},
 * {@code getsockname()}): a host and a port, printed as Python prints the tuple,
 * {@code ('127.0.0.1', 54321)}, or for IPv6 {@code ('::1', 54321, 0, 0)}; or, for a Unix
 * domain socket, the path of its file, printed as Python prints that string,
 * {@code '/tmp/app.sock'} ({@code ''} for the unnamed end of a connection).
 *
 * @param host the numeric address, IPv6 in its short form; null for a Unix socket
 * @param port the port; -1 for a Unix socket
 * @param path the Unix socket's path; null for an IP address
 */
public record Address(String host, int port, String path) {

    /** An IP address and port. */
    public Address(String host, int port) {
        this(host, port, null);
    }

    /** A Unix domain socket's address: the path of its file, "" for an unnamed socket. */
    public static Address unix(String path) {
        return new Address(null, -1, Objects.requireNonNull(path, "path"));
    }

    /** True for a Unix domain socket's address. */
    public boolean isUnix() {
        return path != null;
    }

    /** The address of a connected or bound socket; null for null or an address of another kind. */
    public static Address of(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix(unix.getPath().toString());
        }
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

    /**
     * Python's tuple: {@code ('127.0.0.1', 54321)}; IPv6 adds flowinfo and scope id,
     * {@code ('::1', 54321, 0, 0)}. A Unix socket's path as Python's string: {@code '/tmp/app.sock'}.
     */
    @Override
    public String toString() {
        if (path != null) {
            return "'" + path + "'";
        }
        return host.indexOf(':') >= 0
                ? "('" + host + "', " + port + ", 0, 0)"
                : "('" + host + "', " + port + ")";
    }
}
