package aio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How {@link Aio#openConnection} and {@link Aio#startServer} make their sockets: asyncio's
 * {@code open_connection} / {@code start_server} with the parts of {@code create_connection},
 * {@code create_server} and {@code getaddrinfo} they need; and {@link Aio#openUnixConnection}
 * and {@link Aio#startUnixServer}, the same on Unix domain sockets ({@code create_unix_connection},
 * {@code create_unix_server}): the sockets differ, the connections and servers are the same.
 */
final class Streams {
    /** asyncio's default backlog for {@code create_server}. */
    static final int BACKLOG = 100;

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** What asyncio connects to when no host is given (open_connection(None, port)). */
    private static final List<InetAddress> LOOPBACKS = loopbacks();

    private Streams() {
    }

    private static List<InetAddress> loopbacks() {
        try {
            return List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));
        } catch (UnknownHostException literalsAlwaysParse) {
            throw new AssertionError(literalsAlwaysParse);
        }
    }

    /** Connects to host:port (trying each address the host resolves to, in order) and wraps the socket. */
    static Connection openConnection(String host, int port, int limit) {
        EventLoop loop = Aio.getRunningLoop();
        checkPort(port);
        if (host == null || host.isEmpty()) {
            // getaddrinfo(None, port) without AI_PASSIVE: the loopback of each family, IPv6 first.
            return connectFirst(loop, LOOPBACKS, port, limit);
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
            try {
                return wrap(loop, connectNew(loop, familyOf(ip), target), null, limit);
            } catch (IOException e) {
                errors.add(ConnectionError.of(e, "Connect call failed " + Address.of(target)));
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

    /**
     * Connects to the Unix domain socket at {@code path} and wraps the socket (asyncio's
     * {@code open_unix_connection}). No file there: UncheckedIOException (asyncio's
     * FileNotFoundError); a file nobody listens on: ConnectionRefusedError.
     */
    static Connection openUnixConnection(Path path, int limit) {
        EventLoop loop = Aio.getRunningLoop();
        if (path == null || path.toString().isEmpty()) {
            throw new IllegalArgumentException("no path was specified"); // asyncio: 'no path and sock were specified'
        }
        try {
            return wrap(loop, connectNew(loop, StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(path)), null, limit);
        } catch (IOException e) {
            String context = "Connect call failed " + Address.unix(path.toString());
            if (String.valueOf(e.getMessage()).contains("No such file or directory")) {
                throw new UncheckedIOException(context + ": No such file or directory", e);
            }
            throw ConnectionError.of(e, context);
        }
    }

    /**
     * A new non-blocking socket of {@code family}, connected to {@code target} (suspends the
     * task meanwhile). Closes it if the connect fails or the task is cancelled.
     */
    private static SocketChannel connectNew(EventLoop loop, ProtocolFamily family, SocketAddress target) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(family);
        } catch (UnsupportedOperationException noSuchFamily) {
            throw familyNotSupported(noSuchFamily);
        }
        boolean connected = false;
        try {
            ch.configureBlocking(false);
            connect(loop, ch, target);
            connected = true;
            return ch;
        } finally {
            if (!connected) {
                closeQuietly(ch);
            }
        }
    }

    /** Suspends until the non-blocking connect completes; raises the IOException that failed it. */
    private static void connect(EventLoop loop, SocketChannel ch, SocketAddress target) throws IOException {
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
                ServerSocketChannel ssc;
                try {
                    ssc = host == null || host.isEmpty()
                            ? ServerSocketChannel.open()
                            : ServerSocketChannel.open(familyOf(address.getAddress()));
                } catch (UnsupportedOperationException noSuchFamily) {
                    throw familyNotSupported(noSuchFamily);
                }
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
        return serve(loop, handler, sockets, limit);
    }

    /**
     * Binds a listening Unix domain socket at {@code path} and starts accepting (asyncio's
     * {@code start_unix_server}). A socket file already there, left by a server that is gone,
     * is removed first, as asyncio does; any other file makes the bind fail ("Address '...' is
     * already in use"). With {@code cleanupSocket}, closing the server removes the socket file,
     * if it is still the one bound here (asyncio 3.13).
     */
    static Server startUnixServer(ClientHandler handler, Path path, boolean cleanupSocket, int limit) {
        EventLoop loop = Aio.getRunningLoop();
        if (path == null || path.toString().isEmpty()) {
            throw new IllegalArgumentException("path was not specified"); // asyncio: 'path was not specified, and no sock specified'
        }
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        removeStaleSocket(loop, path);
        ServerSocketChannel ssc = null;
        try {
            ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ssc.bind(address, BACKLOG);
            } catch (IOException e) {
                String reason = String.valueOf(e.getMessage());
                throw new UncheckedIOException(e instanceof BindException && reason.contains("already in use")
                        ? "Address " + Address.unix(path.toString()) + " is already in use"
                        : "error while attempting to bind on address " + Address.unix(path.toString()) + ": "
                                + reason.toLowerCase(Locale.ROOT), e);
            }
            ssc.configureBlocking(false);
            TransportSocket socket = new TransportSocket(ssc, Address.of(ssc.getLocalAddress()));
            if (cleanupSocket) {
                socket.removeOnClose(path);
            }
            Server server = serve(loop, handler, List.of(socket), limit);
            ssc = null;
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a listening socket: " + e.getMessage(), e);
        } finally {
            if (ssc != null) {
                closeQuietly(ssc);
            }
        }
    }

    /** asyncio's create_unix_server: a socket file at {@code path} is a stale one; remove it. Other files stay. */
    private static void removeStaleSocket(EventLoop loop, Path path) {
        try {
            if (isSocket(path)) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            // nothing there
        } catch (IOException e) {
            // The directory may let us create the socket and nothing more.
            loop.log("Unable to check or remove stale UNIX socket " + Address.unix(path.toString()) + ": " + e);
        }
    }

    /** S_ISSOCK(os.stat(path).st_mode). */
    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & 0170000) == 0140000;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return Files.readAttributes(path, BasicFileAttributes.class).isOther(); // a socket, a FIFO or a device
        }
    }

    /** A server on bound, non-blocking sockets, accepting from now on. */
    private static Server serve(EventLoop loop, ClientHandler handler, List<TransportSocket> sockets, int limit) {
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

    /**
     * The JDK's refusal of a protocol family this host (or this JVM, with
     * java.net.preferIPv4Stack) lacks, as the OSError asyncio gets from socket() there
     * (EAFNOSUPPORT): an IOException like any failure to connect or bind, so that the next
     * address is tried and the error reads as one.
     */
    private static IOException familyNotSupported(UnsupportedOperationException e) {
        return new IOException("Address family not supported by protocol (" + e.getMessage() + ")", e);
    }

    private static ProtocolFamily familyOf(InetAddress ip) {
        return ip instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
