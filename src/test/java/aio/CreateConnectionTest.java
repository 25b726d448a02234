package aio;

import static aio.Aio.await;
import static aio.Aio.getRunningLoop;
import static aio.Aio.openConnection;
import static aio.Aio.sleep;
import static aio.Aio.startServer;
import static aio.Aio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * How {@link Aio#openConnection} and {@link Aio#startServer} make their sockets: the cases of
 * CPython's test_base_events.py on {@code create_connection} and {@code create_server} that
 * the stream functions offer. CPython replaces {@code getaddrinfo} and the socket module with
 * mocks; here {@link Streams#connectFirst} takes the resolved addresses (what a replaced
 * getaddrinfo would give) and real loopback sockets fail or succeed. Only 127.0.0.1, 127.0.0.2
 * and ::1 are used, every server on port 0.
 */
class CreateConnectionTest {
    private static final ClientHandler IGNORE = (reader, writer) -> { };

    private static void run(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    /** A port of 127.0.0.1 where nobody listens (free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection connectFirst(List<InetAddress> addresses, int port) {
        return Streams.connectFirst(getRunningLoop(), addresses, port, StreamReader.DEFAULT_LIMIT);
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_connection_multiple_errors
    // (CPython's getaddrinfo gives two addresses and socket() fails with 'err1', then 'err2':
    // OSError 'Multiple exceptions: err1, err2'. Here two loopback addresses where nobody
    // listens refuse, each in its own words. all_errors=True, the errors as an ExceptionGroup,
    // is not offered.)
    @Test
    void differentErrorsAreRaisedTogether() throws Exception {
        int port = closedPort();
        run(() -> {
            var e = assertThrows(ConnectionError.class,
                    () -> connectFirst(List.of(ip("127.0.0.1"), ip("127.0.0.2")), port));
            assertFalse(e instanceof ConnectionRefusedError, "a plain OSError, as asyncio's");
            Throwable[] each = e.getSuppressed();
            assertEquals(2, each.length);
            assertInstanceOf(ConnectionRefusedError.class, each[0]);
            assertInstanceOf(ConnectionRefusedError.class, each[1]);
            assertTrue(each[0].getMessage().startsWith("Connect call failed ('127.0.0.1', " + port + ")"), each[0].getMessage());
            assertTrue(each[1].getMessage().startsWith("Connect call failed ('127.0.0.2', " + port + ")"), each[1].getMessage());
            assertEquals("Multiple exceptions: " + each[0].getMessage() + ", " + each[1].getMessage(), e.getMessage());
        });
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_connection_multiple (two
    // addresses whose connects fail with the same OSError: base_events.py "If they all have the
    // same str(), raise one", the first; all_errors=True is not offered)
    @Test
    void errorsThatSayTheSameRaiseTheFirst() throws Exception {
        int port = closedPort();
        run(() -> {
            var e = assertThrows(ConnectionRefusedError.class,
                    () -> connectFirst(List.of(ip("127.0.0.1"), ip("127.0.0.1")), port));
            assertTrue(e.getMessage().startsWith("Connect call failed ('127.0.0.1', " + port + ")"), e.getMessage());
            assertEquals(0, e.getSuppressed().length);
        });
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_connection_connect_err
    // (one address, the connect fails: that OSError is raised; all_errors=True is not offered)
    @Test
    void theOneAddressRaisesItsError() throws Exception {
        int port = closedPort();
        run(() -> {
            var e = assertThrows(ConnectionRefusedError.class, () -> openConnection("127.0.0.1", port));
            assertTrue(e.getMessage().startsWith("Connect call failed ('127.0.0.1', " + port + ")"), e.getMessage());
        });
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_connection_no_getaddrinfo
    // (getaddrinfo returns []: OSError; InetAddress.getAllByName never does, so the empty list
    // is handed to connectFirst as CPython's replaced getaddrinfo hands it to create_connection)
    @Test
    void noAddressIsAnOsError() {
        run(() -> {
            var e = assertThrows(ConnectionError.class, () -> connectFirst(List.of(), 80));
            assertEquals("getaddrinfo() returned empty list", e.getMessage());
        });
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_connection_timeout (the
    // socket is closed when the connect times out). CPython's sock_connect raises TimeoutError;
    // here a real connect hangs (the listener's accept queue is full, so the kernel drops the SYN)
    // until waitFor gives up, and the socket's SYN_SENT entry in /proc/net/tcp must be gone.
    @Test
    void aTimedOutConnectClosesItsSocket() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = full.getLocalPort();
            while (true) { // fill the accept queue: the connect that times out is the first one too many
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 300);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    break;
                }
                assertTrue(fillers.size() < 100, "the accept queue never filled");
            }
            int[] synSentWhileWaiting = {-1};
            run(() -> {
                var connecting = Aio.createTask(() -> waitFor(() -> openConnection("127.0.0.1", port), 5));
                sleep(1); // virtual time: the connect is under way
                synSentWhileWaiting[0] = synSent(port);
                assertThrows(TimeoutError.class, () -> await(connecting));
            });
            assertEquals(1, synSentWhileWaiting[0], "the connect was hanging");
            assertEquals(0, synSent(port), "the socket was closed");
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    /** Sockets connecting to 127.0.0.1:port that have sent their SYN and heard nothing (state 02 in /proc/net/tcp). */
    private static int synSent(int port) throws IOException {
        String remote = "0100007F:" + String.format(Locale.ROOT, "%04X", port);
        int n = 0;
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[2].equals(remote) && f[3].equals("02")) {
                n++;
            }
        }
        return n;
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_connection_ip_addr
    // (CPython checks the mocked socket: connect(('1.2.3.4', 80)) on an AF_INET socket, then
    // '::1' on an AF_INET6 one. Here a numeric address reaches a real loopback server through
    // a socket of its family.)
    @Test
    void aNumericAddressIsConnectedToWithItsFamily() {
        run(() -> {
            Server v4 = startServer(IGNORE, "127.0.0.1", 0);
            int port = v4.sockets().get(0).getsockname().port();
            try (Connection c = openConnection("127.0.0.1", port)) {
                assertEquals(new Address("127.0.0.1", port), c.writer().getExtraInfo("peername"));
                SocketChannel ch = c.writer().getExtraInfo("socket");
                assertInstanceOf(Inet4Address.class, ((InetSocketAddress) ch.getLocalAddress()).getAddress());
            } finally {
                v4.close();
                v4.waitClosed();
            }

            Server v6 = ipv6LoopbackServer();
            if (v6 == null) {
                return; // no IPv6 here: ipv6LoopbackServer checked the error that says so
            }
            int port6 = v6.sockets().get(0).getsockname().port();
            try (Connection c = openConnection("::1", port6)) {
                Address peer = c.writer().getExtraInfo("peername");
                assertEquals("('::1', " + port6 + ", 0, 0)", peer.toString());
                SocketChannel ch = c.writer().getExtraInfo("socket");
                assertInstanceOf(Inet6Address.class, ((InetSocketAddress) ch.getLocalAddress()).getAddress());
            } finally {
                v6.close();
                v6.waitClosed();
            }
        });
    }

    /**
     * A server on ::1, port 0; null on a machine without an IPv6 loopback, once the error has
     * been checked to say so in asyncio's words (CPython skips its IPv6 cases there).
     */
    private static Server ipv6LoopbackServer() {
        try {
            return startServer(IGNORE, "::1", 0);
        } catch (UncheckedIOException e) {
            // no IPv6 at all: the socket cannot be made; an IPv6 stack without ::1: it cannot be bound
            String why = String.valueOf(e.getMessage());
            String lower = why.toLowerCase(Locale.ROOT);
            assertTrue(lower.startsWith("cannot open a listening socket: address family not supported by protocol")
                    || lower.startsWith("error while attempting to bind on address ('::1', 0")
                    && (lower.contains("cannot assign requested address") || lower.contains("protocol family unavailable")), why);
            return null;
        }
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_server_ipv6 (where ::1
    // cannot be bound, the error says so, as checked by ipv6LoopbackServer)
    @Test
    void aServerOnTheIpv6Loopback() {
        run(() -> {
            Server srv = ipv6LoopbackServer();
            if (srv == null) {
                return;
            }
            try {
                assertTrue(srv.sockets().size() > 0);
            } finally {
                srv.close();
                srv.waitClosed();
            }
        });
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_create_server_cant_bind (bind
    // fails: OSError, and the socket is closed; CPython's mocked socket records close(), here
    // the process's count of open descriptors comes back to what it was)
    @Test
    void aSocketThatCannotBindIsClosed() throws Exception {
        assumeTrue(Descriptors.open() >= 0, "needs the JVM's count of open descriptors");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            run(() -> {
                // once first, so that whatever the JVM opens for good on the way is open before counting
                assertThrows(UncheckedIOException.class, () -> startServer(IGNORE, "127.0.0.1", port));
                long before = Descriptors.open();
                for (int i = 0; i < 3; i++) {
                    var e = assertThrows(UncheckedIOException.class, () -> startServer(IGNORE, "127.0.0.1", port));
                    assertTrue(e.getMessage().startsWith("error while attempting to bind on address ('127.0.0.1', " + port + ")"),
                            e.getMessage());
                }
                assertEquals(before, Descriptors.open(), "the sockets that could not bind were closed");
            });
        }
    }

    // test_base_events.py: TestSelectorUtils.test_set_nodelay (base_events._set_nodelay, which
    // asyncio's socket transports call: a new socket has TCP_NODELAY off, a transport's has it on,
    // at both ends of a connection)
    @Test
    void socketTransportsTurnNagleOff() {
        run(() -> {
            try (SocketChannel plain = SocketChannel.open()) {
                assertFalse(plain.getOption(StandardSocketOptions.TCP_NODELAY));
            }
            Future<Boolean> serverSide = new Future<>();
            Server srv = startServer((reader, writer) -> {
                SocketChannel ch = writer.getExtraInfo("socket");
                serverSide.setResult(ch.getOption(StandardSocketOptions.TCP_NODELAY));
            }, "127.0.0.1", 0);
            try (Connection c = openConnection("127.0.0.1", srv.sockets().get(0).getsockname().port())) {
                SocketChannel ch = c.writer().getExtraInfo("socket");
                assertTrue(ch.getOption(StandardSocketOptions.TCP_NODELAY), "client side");
                assertTrue(await(serverSide), "server side");
            } finally {
                srv.close();
                srv.waitClosed();
            }
        });
    }

    // (not in CPython's tests) open_connection(None, port) connects to the loopback, as
    // getaddrinfo(None, port) gives ::1 and 127.0.0.1; a server on 127.0.0.1 is reached even
    // where ::1 refuses.
    @Test
    void noHostMeansTheLoopback() {
        run(() -> {
            try (Server server = startServer((reader, writer) -> {
                writer.write("hi");
                writer.drain();
            }, "127.0.0.1", 0)) {
                int port = server.sockets().get(0).getsockname().port();
                for (String host : new String[] {null, ""}) {
                    Connection c = openConnection(host, port);
                    assertEquals("hi", c.reader().readString(-1));
                    c.writer().close();
                }
            }
        });
    }
}
