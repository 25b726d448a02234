package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.getRunningLoop;
import static aio.Aio.openConnection;
import static aio.Aio.sleep;
import static aio.Aio.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server from startServer: ports of CPython's {@code Lib/test/test_asyncio/test_server.py}
 * (3.12/3.13) and of the server parts of {@code start_server}, on 127.0.0.1 with port 0.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerTest {

    static int port(Server srv) {
        return srv.sockets().get(0).getsockname().port();
    }

    /** asyncio's test handler: read until EOF, then close and wait. */
    static final ClientHandler READ_THEN_CLOSE = (rd, wr) -> {
        try {
            rd.read();
        } finally {
            wr.close();
            wr.waitClosed();
        }
    };

    @Test // test_server.py: test_start_server_1
    void startServer1() throws Exception {
        byte[] helloMsg = new byte[1024 * 5 + 1];
        Arrays.fill(helloMsg, (byte) '1');
        helloMsg[helloMsg.length - 1] = '\n';
        Aio.run(() -> {
            List<Task<?>> mainTask = new ArrayList<>();
            Server srv = startServer((reader, writer) -> {
                reader.readline();
                mainTask.get(0).cancel();
                writer.write(new byte[] {'1'});
                writer.close();
                writer.waitClosed();
            }, "127.0.0.1", 0);
            assertTrue(srv.isServing());
            mainTask.add(createTask(() -> {
                try (srv) {
                    srv.serveForever();
                }
            }));
            Address addr = srv.sockets().get(0).getsockname();
            Thread client = Thread.ofPlatform().start(() -> {
                try (Socket sock = new Socket(addr.host(), addr.port())) {
                    sock.setSoTimeout(2000);
                    sock.getOutputStream().write(helloMsg);
                    sock.getInputStream().read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThrows(CancelledError.class, () -> await(mainTask.get(0)));
            client.join();
            assertEquals(List.of(), srv.sockets());
            assertFalse(srv.isServing());
            srv.waitClosed(); // returns at once: closed, and no connection left
            var e = assertThrows(IllegalStateException.class, srv::serveForever);
            assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        });
    }

    @Test // test_server.py: TestServer2.test_wait_closed_basic
    void waitClosedBasic() {
        Aio.run(() -> {
            Server srv = startServer(READ_THEN_CLOSE, "127.0.0.1", 0);
            try {
                // active count = 0, not closed: should block
                Task<Void> task1 = createTask(srv::waitClosed);
                sleep(0);
                assertFalse(task1.done());

                // active count != 0, not closed: should block
                Connection c = openConnection("127.0.0.1", port(srv));
                Task<Void> task2 = createTask(srv::waitClosed);
                sleep(0);
                assertFalse(task1.done());
                assertFalse(task2.done());

                srv.close();
                sleep(0);
                // active count != 0, closed: should block
                Task<Void> task3 = createTask(srv::waitClosed);
                sleep(0);
                assertFalse(task1.done());
                assertFalse(task2.done());
                assertFalse(task3.done());

                c.writer().close();
                c.writer().waitClosed();
                // active count == 0, closed: should unblock
                await(task1);
                await(task2);
                await(task3);
                srv.waitClosed(); // Return immediately
            } finally {
                srv.close();
            }
        });
    }

    @Test // test_server.py: TestServer2.test_wait_closed_race
    void waitClosedRace() {
        Aio.run(() -> {
            Server srv = startServer(READ_THEN_CLOSE, "127.0.0.1", 0);
            Task<Void> task = createTask(srv::waitClosed);
            sleep(0);
            assertFalse(task.done());
            Connection c = openConnection("127.0.0.1", port(srv));
            EventLoop loop = getRunningLoop();
            loop.callSoon(srv::close);
            loop.callSoon(c.writer()::close);
            srv.waitClosed();
            await(task);
        });
    }

    @Test // test_server.py: TestServer2.test_close_clients (3.13)
    void closeClients() {
        Aio.run(() -> {
            Server srv = startServer(READ_THEN_CLOSE, "127.0.0.1", 0);
            Connection c = openConnection("127.0.0.1", port(srv));
            try {
                Task<Void> task = createTask(srv::waitClosed);
                sleep(0);
                assertFalse(task.done());
                srv.close();
                srv.closeClients();
                sleep(0);
                sleep(0);
                assertTrue(task.done());
            } finally {
                c.writer().close();
            }
        });
    }

    @Test // test_server.py: TestServer2.test_abort_clients (3.13)
    void abortClients() {
        Aio.run(() -> {
            Future<Connection> fut = new Future<>();
            Server srv = startServer((rd, wr) -> {
                fut.setResult(new Connection(rd, wr));
                wr.waitClosed();
            }, "127.0.0.1", 0);
            Connection client = Streams.openConnection("127.0.0.1", port(srv), 4096);
            try {
                Connection s = await(fut);
                // Limit the socket buffers so we can more reliably overfill them
                SocketChannel sSock = s.writer().getExtraInfo("socket");
                sSock.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
                SocketChannel cSock = client.writer().getExtraInfo("socket");
                cSock.setOption(StandardSocketOptions.SO_RCVBUF, 65536);

                // Get the client's reader paused by sending more than twice its limit
                s.writer().write(new byte[4096]);
                s.writer().write(new byte[4096]);
                s.writer().write(new byte[4096]);
                while (((SocketTransport) client.writer().transport()).isReading()) {
                    sleep(0);
                }
                // Fill the kernel buffers until the server's transport has to buffer too
                int cBufsize = cSock.getOption(StandardSocketOptions.SO_RCVBUF);
                int sBufsize = sSock.getOption(StandardSocketOptions.SO_SNDBUF);
                for (int i = 0; i < 10; i++) {
                    s.writer().write(new byte[cBufsize]);
                    s.writer().write(new byte[sBufsize]);
                    if (s.writer().transport().getWriteBufferSize() > 0) {
                        break;
                    }
                }
                assertNotEquals(0, s.writer().transport().getWriteBufferSize());

                Task<Void> task = createTask(srv::waitClosed);
                sleep(0);
                assertFalse(task.done());
                srv.close();
                srv.abortClients();
                sleep(0);
                sleep(0);
                assertTrue(task.done());
            } finally {
                client.writer().close();
            }
        });
    }

    @Test // base_events.Server.serve_forever: cancelling it closes the server and waits for its connections
    void serveForeverCancelledClosesTheServer() {
        Aio.run(() -> {
            Server srv = startServer(READ_THEN_CLOSE, "127.0.0.1", 0);
            Connection c = openConnection("127.0.0.1", port(srv));
            Task<Void> serving = createTask(srv::serveForever);
            sleep(0);
            assertTrue(srv.isServing());
            serving.cancel();
            sleep(0);
            assertFalse(serving.done(), "serveForever waits for the open connection");
            assertEquals(List.of(), srv.sockets());
            assertFalse(srv.isServing());
            c.writer().close(); // the handler reads EOF and closes its end
            assertThrows(CancelledError.class, () -> await(serving));
            assertTrue(serving.cancelled());
            srv.waitClosed();
        });
    }

    @Test // base_events.Server.serve_forever: closing the server from elsewhere ends it with CancelledError
    void closeEndsServeForever() {
        Aio.run(() -> {
            Server srv = startServer(READ_THEN_CLOSE, "127.0.0.1", 0);
            Task<Void> serving = createTask(srv::serveForever);
            sleep(0);
            srv.close();
            assertThrows(CancelledError.class, () -> await(serving));
        });
    }

    @Test // base_events.Server.serve_forever: "is already being awaited on serve_forever()"
    void serveForeverTwiceIsRefused() {
        Aio.run(() -> {
            Server srv = startServer(READ_THEN_CLOSE, "127.0.0.1", 0);
            Task<Void> serving = createTask(srv::serveForever);
            sleep(0);
            var e = assertThrows(IllegalStateException.class, srv::serveForever);
            assertTrue(e.getMessage().contains("already being awaited"), e.getMessage());
            serving.cancel();
            assertThrows(CancelledError.class, () -> await(serving));
        });
    }

    @Test // streams.StreamReaderProtocol.connection_made: "Unhandled exception in client_connected_cb"
    void handlerExceptionIsReportedAndTheServerKeepsServing() {
        Aio.run(() -> {
            List<ErrorContext> errors = new ArrayList<>();
            getRunningLoop().setExceptionHandler((loop, ctx) -> errors.add(ctx));
            Server srv = startServer((rd, wr) -> {
                String line = rd.readlineString();
                if (line.startsWith("boom")) {
                    throw new IllegalStateException("handler failed");
                }
                wr.write("ok " + line);
            }, "127.0.0.1", 0);
            try (Connection bad = openConnection("127.0.0.1", port(srv))) {
                bad.writer().write("boom\n");
                assertEquals(0, bad.reader().read().length, "the failed handler's connection is closed");
            }
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).message().startsWith("Unhandled exception in client_connected_cb"), errors.get(0).message());
            assertInstanceOf(IllegalStateException.class, errors.get(0).exception());
            try (Connection good = openConnection("127.0.0.1", port(srv))) {
                good.writer().write("hi\n");
                assertEquals("ok hi\n", good.reader().readString());
            }
            srv.close();
            srv.waitClosed();
        });
    }

    @Test // the writer is closed when the handler returns (its output still sent)
    void handlerReturningClosesTheConnection() {
        Aio.run(() -> {
            Server srv = startServer((rd, wr) -> wr.write(new byte[200_000]), "127.0.0.1", 0);
            try (Connection c = openConnection("127.0.0.1", port(srv))) {
                assertEquals(200_000, c.reader().read().length);
                assertTrue(c.reader().atEof());
            }
            srv.close();
            srv.waitClosed();
        });
    }

    @Test // create_server: "error while attempting to bind on address ...: address already in use"
    void portInUseIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Aio.run(() -> {
                var e = assertThrows(UncheckedIOException.class, () -> startServer(READ_THEN_CLOSE, "127.0.0.1", port));
                assertInstanceOf(BindException.class, e.getCause());
                assertEquals("error while attempting to bind on address ('127.0.0.1', " + port
                        + "): address already in use", e.getMessage());
            });
        }
    }

    @Test // connections still open when run() ends are closed: their handler tasks are cancelled
    void runClosesConnectionsWhoseHandlersAreStillRunning() throws Exception {
        int[] port = new int[1];
        Socket[] client = new Socket[1];
        Aio.run(() -> {
            Future<Object> handling = new Future<>();
            Server srv = startServer((rd, wr) -> {
                handling.setResult(null);
                rd.read(); // never returns: the client sends nothing
            }, "127.0.0.1", 0);
            port[0] = port(srv);
            client[0] = new Socket("127.0.0.1", port[0]);
            await(handling);
            srv.close();
        });
        try (Socket c = client[0]) {
            c.setSoTimeout(5000);
            assertEquals(-1, c.getInputStream().read(), "the server side was closed");
        }
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port[0]).close(), "nobody listens any more");
    }

    @Test // a handler may write text and read lines: the String variants
    void textRoundTrip() {
        Aio.run(() -> {
            Server srv = startServer((rd, wr) -> {
                String line;
                while (!(line = rd.readlineString()).isEmpty()) {
                    wr.write(line.toUpperCase());
                    wr.drain();
                }
            }, "127.0.0.1", 0);
            try (Connection c = openConnection("127.0.0.1", port(srv))) {
                c.writer().write("привет\n");
                assertEquals("ПРИВЕТ\n", c.reader().readlineString());
                c.writer().write("hello\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("HELLO\n", c.reader().readlineString());
                c.writer().writeEof();
                assertEquals("", c.reader().readString());
            }
            srv.close();
            srv.waitClosed();
        });
    }
}
