package aio;

import static aio.Aio.await;
import static aio.Aio.getRunningLoop;
import static aio.Aio.openUnixConnection;
import static aio.Aio.sleep;
import static aio.Aio.startUnixServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Aio#openUnixConnection} and {@link Aio#startUnixServer}: the Unix domain socket tests
 * of CPython 3.13's test_streams.py, test_unix_events.py (SelectorEventLoopUnixSocketTests)
 * and test_server.py (UnixServerCleanupTests) that apply. Each test's socket file is in a
 * temporary directory of its own (test_utils.unix_socket_path).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnixSocketsTest {
    @TempDir
    Path dir;

    private Path path() {
        return dir.resolve("test.sock");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Collects what reaches the loop's exception handler (asyncio's tests: the messages list). */
    private static List<ErrorContext> captureErrors() {
        List<ErrorContext> messages = new ArrayList<>();
        getRunningLoop().setExceptionHandler((loop, ctx) -> messages.add(ctx));
        return messages;
    }

    /** A handler that does nothing (asyncio's tests: {@code async def serve(*args): pass}). */
    private static final ClientHandler SERVE = (reader, writer) -> { };

    // ---- test_streams.py ----

    // CPython: test_streams.py StreamTests.test_open_unix_connection
    @Test
    void test_open_unix_connection() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer(path())) {
            Aio.run(() -> {
                List<ErrorContext> messages = captureErrors();
                Connection c = openUnixConnection(httpd.path());
                c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
                assertEquals("HTTP/1.0 200 OK\r\n", s(c.reader().readline()));
                assertTrue(s(c.reader().read()).endsWith("\r\n\r\nTest message"));
                c.writer().close();
                c.writer().waitClosed();
                assertEquals(List.of(), messages);
            });
        }
    }

    // CPython: test_streams.py StreamTests.test_open_unix_connection_error
    @Test
    void test_open_unix_connection_error() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer(path())) {
            Aio.run(() -> {
                List<ErrorContext> messages = captureErrors();
                Connection c = openUnixConnection(httpd.path().toString());
                c.writer().protocol().connectionLost(new ArithmeticException()); // ZeroDivisionError
                assertThrows(ArithmeticException.class, () -> c.reader().read());
                c.writer().close();
                sleep(0);
                assertEquals(List.of(), messages);
            });
        }
    }

    // (its first half, the coroutine handler; the second's plain callback starting a task of
    // its own has no counterpart: a handler here is the task, and its connection closes when it returns)
    // CPython: test_streams.py StreamTests.test_start_unix_server
    @Test
    void test_start_unix_server() {
        Aio.run(() -> {
            List<ErrorContext> messages = captureErrors();
            Server server = startUnixServer((clientReader, clientWriter) -> {
                byte[] data = clientReader.readline();
                clientWriter.write(data);
                clientWriter.drain();
                clientWriter.close();
                clientWriter.waitClosed();
            }, path());
            Connection c = openUnixConnection(path());
            // send a line
            c.writer().write(b("hello world!\n"));
            // read it back
            byte[] msgback = c.reader().readline();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            assertEquals("hello world!\n", s(msgback));
            assertEquals(List.of(), messages);
        });
    }

    // ---- test_unix_events.py SelectorEventLoopUnixSocketTests ----

    // CPython: test_unix_events.py SelectorEventLoopUnixSocketTests.test_create_unix_server_existing_path_sock
    @Test
    void test_create_unix_server_existing_path_sock() throws Exception {
        try (var sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            sock.bind(UnixDomainSocketAddress.of(path()), 1);
        }
        assertTrue(Files.exists(path()), "a stale socket file");
        Aio.run(() -> {
            Server srv = startUnixServer(SERVE, path().toString());
            srv.close();
            srv.waitClosed();
        });
    }

    // CPython: test_unix_events.py SelectorEventLoopUnixSocketTests.test_create_unix_server_pathlike
    @Test
    void test_create_unix_server_pathlike() {
        Aio.run(() -> {
            Server srv = startUnixServer(SERVE, path());
            srv.close();
            srv.waitClosed();
        });
    }

    // (FileNotFoundError there: UncheckedIOException here)
    // CPython: test_unix_events.py SelectorEventLoopUnixSocketTests.test_create_unix_connection_pathlike
    @Test
    void test_create_unix_connection_pathlike() {
        Aio.run(() -> {
            var e = assertThrows(UncheckedIOException.class, () -> openUnixConnection(path()));
            assertFalse(e instanceof ConnectionError, "no file is not a connection error: " + e);
            assertEquals("Connect call failed '" + path() + "': No such file or directory", e.getMessage());
        });
    }

    // CPython: test_unix_events.py SelectorEventLoopUnixSocketTests.test_create_unix_server_existing_path_nonsock
    @Test
    void test_create_unix_server_existing_path_nonsock() throws Exception {
        Files.createFile(path());
        Aio.run(() -> {
            var e = assertThrows(UncheckedIOException.class, () -> startUnixServer(SERVE, path()));
            assertTrue(e.getMessage().matches("Address .* is already in use"), e.getMessage());
            assertEquals("Address '" + path() + "' is already in use", e.getMessage());
        });
        assertTrue(Files.isRegularFile(path()), "the file is left alone");
    }

    // CPython: test_unix_events.py SelectorEventLoopUnixSocketTests.test_create_unix_server_nopath_nosock
    @Test
    void test_create_unix_server_nopath_nosock() {
        Aio.run(() -> {
            var e = assertThrows(IllegalArgumentException.class, () -> startUnixServer(SERVE, (Path) null));
            assertEquals("path was not specified", e.getMessage());
        });
    }

    // CPython: test_unix_events.py SelectorEventLoopUnixSocketTests.test_create_unix_connection_nopath_nosock
    @Test
    void test_create_unix_connection_nopath_nosock() {
        Aio.run(() -> {
            var e = assertThrows(IllegalArgumentException.class, () -> openUnixConnection((String) null));
            assertEquals("no path was specified", e.getMessage());
        });
    }

    // (its OSError half, with a real bind error instead of a mocked socket: the socket is closed,
    // so the process has no more descriptors open than before)
    // CPython: test_unix_events.py SelectorEventLoopUnixSocketTests.test_create_unix_server_bind_error
    @Test
    void test_create_unix_server_bind_error() {
        Path nowhere = dir.resolve("no-such-dir").resolve("test.sock");
        Aio.run(() -> {
            long before = Descriptors.open();
            var e = assertThrows(UncheckedIOException.class, () -> startUnixServer(SERVE, nowhere));
            assertTrue(e.getMessage().startsWith("error while attempting to bind on address '" + nowhere + "': "),
                    e.getMessage());
            assertEquals(before, Descriptors.open(), "the socket was closed");
        });
    }

    // ---- test_server.py UnixServerCleanupTests ----

    // CPython: test_server.py UnixServerCleanupTests.test_unix_server_addr_cleanup
    @Test
    void test_unix_server_addr_cleanup() {
        Aio.run(() -> {
            Server srv = startUnixServer(SERVE, path());
            assertTrue(Files.exists(path()));
            srv.close();
            assertFalse(Files.exists(path()));
        });
    }

    // (with a path: there is no sock= here)
    // CPython: test_server.py UnixServerCleanupTests.test_unix_server_cleanup_gone
    @Test
    void test_unix_server_cleanup_gone() {
        List<String> log = new ArrayList<>();
        Aio.run(() -> {
            getRunningLoop().setLogger(log::add);
            Server srv = startUnixServer(SERVE, path());
            Files.delete(path());
            srv.close();
        });
        assertEquals(List.of(), log);
    }

    // CPython: test_server.py UnixServerCleanupTests.test_unix_server_cleanup_replaced
    @Test
    void test_unix_server_cleanup_replaced() {
        Aio.run(() -> {
            Server srv = startUnixServer(SERVE, path());
            Files.delete(path());
            try (var sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                sock.bind(UnixDomainSocketAddress.of(path()));
                srv.close();
                assertTrue(Files.exists(path()));
            }
        });
    }

    // CPython: test_server.py UnixServerCleanupTests.test_unix_server_cleanup_prevented
    @Test
    void test_unix_server_cleanup_prevented() {
        Aio.run(() -> {
            Server srv = startUnixServer(SERVE, path(), false);
            srv.close();
            assertTrue(Files.exists(path()));
        });
    }

    // ---- not in CPython's tests ----

    // get_extra_info and getsockname, checked against CPython 3.13: the client's peername is the
    // server's path and its sockname ''; the server's side of the connection the other way round.
    @Test
    void namesAreThePathAndTheEmptyString() {
        Aio.run(() -> {
            Future<List<Address>> serverSide = new Future<>();
            Server server = startUnixServer((r, w) -> {
                serverSide.setResult(List.of(w.getExtraInfo("peername"), w.getExtraInfo("sockname")));
            }, path());
            Address bound = server.sockets().get(0).getsockname();
            assertEquals(Address.unix(path().toString()), bound);
            assertTrue(bound.isUnix());
            assertEquals("'" + path() + "'", bound.toString());
            assertEquals("<TransportSocket laddr=" + path() + ">", server.sockets().get(0).toString());
            try (Connection c = openUnixConnection(path())) {
                assertEquals(bound, c.writer().getExtraInfo("peername"));
                Address mine = c.writer().getExtraInfo("sockname");
                assertEquals("''", mine.toString());
                assertEquals(List.of(Address.unix(""), bound), await(serverSide));
                assertNotNull(c.writer().getExtraInfo("socket"));
            }
            server.close();
            server.waitClosed();
        });
    }

    // asyncio: a socket file nobody listens on refuses the connection (ConnectionRefusedError).
    @Test
    void aStaleSocketFileRefusesTheConnection() throws Exception {
        try (var sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            sock.bind(UnixDomainSocketAddress.of(path()), 1);
        }
        Aio.run(() -> {
            var e = assertThrows(ConnectionRefusedError.class, () -> openUnixConnection(path()));
            assertTrue(e.getMessage().startsWith("Connect call failed '" + path() + "'"), e.getMessage());
        });
    }

    // The streams' code paths are the TCP ones: flow control, serveForever, closeClients, and
    // the virtual clock with a Unix socket open.
    @Test
    void aServerServesManyClientsOnTheVirtualClock() {
        Aio.run(() -> {
            Server server = startUnixServer((r, w) -> {
                String line = r.readlineString();
                sleep(60); // loop time: instant on the virtual clock
                w.write(new StringBuilder(line.strip()).reverse() + "\n");
                w.drain();
            }, path());
            Task<Void> serving = Aio.createTask(server::serveForever);
            List<Task<String>> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String msg = "client " + i;
                clients.add(Aio.createTask(() -> {
                    try (Connection c = openUnixConnection(path())) {
                        c.writer().write(msg + "\n");
                        return c.reader().readlineString();
                    }
                }));
            }
            List<String> got = new ArrayList<>();
            for (Task<String> t : clients) {
                got.add(await(t));
            }
            assertEquals(List.of("0 tneilc\n", "1 tneilc\n", "2 tneilc\n", "3 tneilc\n", "4 tneilc\n"), got);
            assertEquals(60.0, Aio.time(), 1.0);
            serving.cancel();
            assertThrows(CancelledError.class, () -> await(serving));
            assertFalse(server.isServing());
            assertFalse(Files.exists(path()));
        }, Options.virtual());
    }

    // java.net: a path longer than sun_path (108 bytes on Linux) cannot be bound (Python: 'AF_UNIX path too long').
    @Test
    void aPathTooLongIsRefused() {
        Path tooLong = dir.resolve("x".repeat(120));
        Aio.run(() -> {
            var e = assertThrows(UncheckedIOException.class, () -> startUnixServer(SERVE, tooLong));
            assertTrue(e.getMessage().startsWith("error while attempting to bind on address '" + tooLong + "': "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("too long"), e.getMessage());
        });
    }

    // The result is a Connection of the same kind as openConnection's, and startUnixServer's a Server.
    @Test
    void theSameTypesAsForTcp() throws Exception {
        assertEquals(Connection.class, Aio.class.getMethod("openUnixConnection", Path.class).getReturnType());
        assertEquals(Server.class, Aio.class.getMethod("startUnixServer", ClientHandler.class, Path.class).getReturnType());
        Aio.run(() -> {
            Server server = startUnixServer(SERVE, path());
            try (Connection c = openUnixConnection(path())) {
                assertInstanceOf(SocketTransport.class, c.writer().transport());
            }
            server.close();
            server.waitClosed();
        });
    }
}
