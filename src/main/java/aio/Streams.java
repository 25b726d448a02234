package aio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How {@link Aio#openConnection} and {@link Aio#startServer} make their sockets: asyncio's
 * {@code open_connection} / {@code start_server} with the parts of {@code create_connection},
 * {@code create_server} and {@code getaddrinfo} they need.
 */
final class Streams {
    /** asyncio's default backlog for {@code create_server}. */
    static final int BACKLOG = 100;

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Streams() {
    }

    /** Connects to host:port (trying each address the host resolves to, in order) and wraps the socket. */
    static Connection openConnection(String host, int port, int limit) {
        EventLoop loop = Aio.getRunningLoop();
        checkPort(port);
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("openConnection needs a host");
        }
        return connectFirst(loop, resolve(loop, host), port, limit);
    }

    /**
     * asyncio's {@code create_connection} once the host is resolved: tries each address in turn
     * and wraps the first socket that connects. If none does: the one error; the first error
     * when they all say the same thing; else a ConnectionError "Multiple exceptions: " listing
     * them, each also suppressed by it.
     */
    static Connection connectFirst(EventLoop loop, List<InetAddress> addresses, int port, int limit) {
        List<ConnectionError> errors = new ArrayList<>();
        for (InetAddress ip : addresses) {
            InetSocketAddress target = new InetSocketAddress(ip, port);
            SocketChannel ch = null;
            boolean connected = false;
            try {
                ch = SocketChannel.open(familyOf(ip));
                ch.configureBlocking(false);
                connect(loop, ch, target);
                connected = true;
            } catch (IOException e) {
                errors.add(ConnectionError.of(e, "Connect call failed " + Address.of(target)));
            } finally {
                if (!connected && ch != null) {
                    closeQuietly(ch);
                }
            }
            if (connected) {
                return wrap(loop, ch, null, limit);
            }
        }
        if (errors.isEmpty()) {
            throw new ConnectionError("getaddrinfo() returned empty list"); // asyncio's words; resolve() never returns one
        }
        String model = errors.get(0).getMessage();
        if (errors.stream().allMatch(e -> e.getMessage().equals(model))) {
            throw errors.get(0); // asyncio: "If they all have the same str(), raise one."
        }
        ConnectionError all = new ConnectionError("Multiple exceptions: "
                + String.join(", ", errors.stream().map(Throwable::getMessage).toList()));
        errors.forEach(all::addSuppressed);
        throw all;
    }

    /** Suspends until the non-blocking connect completes; raises the IOException that failed it. */
    private static void connect(EventLoop loop, SocketChannel ch, InetSocketAddress target) throws IOException {
        if (ch.connect(target)) {
            return;
        }
        Future<Object> done = loop.createFuture();
        loop.addWriter(ch, () -> {
            if (done.done()) {
                return;
            }
            try {
                if (ch.finishConnect()) {
                    done.setResult(null);
                }
            } catch (IOException e) {
                done.setException(e);
            }
        });
        try {
            Aio.await(done); // raises the IOException set above, unchanged
        } finally {
            loop.removeWriter(ch);
        }
    }

    /**
     * Binds a listening socket for each address of {@code host} (null or "" means every
     * interface) and starts accepting. Raises UncheckedIOException, caused by the
     * BindException, when an address cannot be bound ("address already in use").
     */
    static Server startServer(ClientHandler handler, String host, int port, int limit) {
        EventLoop loop = Aio.getRunningLoop();
        checkPort(port);
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (host == null || host.isEmpty()) {
            addresses.add(new InetSocketAddress(port));
        } else {
            for (InetAddress ip : resolve(loop, host)) {
                addresses.add(new InetSocketAddress(ip, port));
            }
        }
        List<TransportSocket> sockets = new ArrayList<>();
        boolean ok = false;
        try {
            for (InetSocketAddress address : addresses) {
                // A named IPv4 address gets an IPv4 socket, so 0.0.0.0 reports itself as 0.0.0.0,
                // not as '::'; no host at all gets the default (dual-stack) socket.
                ServerSocketChannel ssc = host == null || host.isEmpty()
                        ? ServerSocketChannel.open()
                        : ServerSocketChannel.open(familyOf(address.getAddress()));
                sockets.add(new TransportSocket(ssc, null)); // so that a failure below closes it
                try {
                    ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ssc.bind(address, BACKLOG);
                } catch (IOException e) {
                    String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                    throw new UncheckedIOException("error while attempting to bind on address "
                            + Address.of(address) + ": " + reason, e);
                }
                ssc.configureBlocking(false);
                sockets.set(sockets.size() - 1, new TransportSocket(ssc, Address.of(ssc.getLocalAddress())));
            }
            ok = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a listening socket: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                for (TransportSocket s : sockets) {
                    closeQuietly(s.channel());
                }
            }
        }
        Server server = new Server(loop, handler, sockets, limit, BACKLOG);
        server.startServing();
        return server;
    }

    /** A connected socket as a reader/writer pair: protocol, transport, reader, writer. */
    static Connection wrap(EventLoop loop, SocketChannel ch, Server server, int limit) {
        StreamReader reader = new StreamReader(limit);
        StreamProtocol protocol = new StreamProtocol(loop, reader);
        SocketTransport transport = new SocketTransport(loop, ch, protocol, server);
        return new Connection(reader, new StreamWriter(transport, protocol, reader));
    }

    /**
     * The addresses of {@code host}, without duplicates. A numeric address needs no lookup; a
     * name is looked up on a virtual thread (asyncio runs getaddrinfo in an executor) while
     * the task waits, so the loop is never blocked by DNS.
     */
    static List<InetAddress> resolve(EventLoop loop, String host) {
        try {
            if (IPV4_LITERAL.matcher(host).matches() || host.indexOf(':') >= 0) {
                return List.of(InetAddress.getByName(host)); // a literal: no lookup
            }
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("invalid address '" + host + "': " + e.getMessage(), e);
        }
        Future<List<InetAddress>> result = new Future<>(loop);
        loop.externalWaitBegan();
        Thread.ofVirtual().name("aio-getaddrinfo").start(() -> {
            List<InetAddress> found = null;
            UnknownHostException error = null;
            try {
                found = List.copyOf(new LinkedHashSet<>(List.of(InetAddress.getAllByName(host))));
            } catch (UnknownHostException e) {
                error = e;
            }
            List<InetAddress> r = found;
            UnknownHostException err = error;
            try {
                loop.callSoonThreadsafe(() -> {
                    loop.externalWaitEnded();
                    if (result.done()) {
                        return;
                    }
                    if (err != null) {
                        result.setException(new UncheckedIOException("cannot resolve host '" + host + "'", err));
                    } else {
                        result.setResult(r);
                    }
                });
            } catch (IllegalStateException closed) {
                // the loop is gone: nobody waits for the answer
            }
        });
        return Aio.await(result);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static ProtocolFamily familyOf(InetAddress ip) {
        return ip instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
