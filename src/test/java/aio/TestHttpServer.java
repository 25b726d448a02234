package aio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny blocking HTTP/1.0 server on a platform thread, like CPython's
 * {@code test_utils.run_test_server()} (on 127.0.0.1) and {@code run_test_unix_server()} (on a
 * Unix domain socket): answers every request with "HTTP/1.0 200 OK" and the body
 * "Test message", then closes. Deliberately not built on aio, so it tests aio's client.
 */
final class TestHttpServer implements AutoCloseable {
    private final ServerSocketChannel socket;
    private final Path unixPath;
    private final Thread thread;

    /** On 127.0.0.1, a free port. */
    TestHttpServer() throws IOException {
        socket = ServerSocketChannel.open();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        unixPath = null;
        thread = start();
    }

    /** On a Unix domain socket at {@code path} (removed again by close()). */
    TestHttpServer(Path path) throws IOException {
        socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        socket.bind(UnixDomainSocketAddress.of(path), 50);
        unixPath = path;
        thread = start();
    }

    private Thread start() {
        return Thread.ofPlatform().name("test-http-server").daemon().start(this::serve);
    }

    String host() {
        return "127.0.0.1";
    }

    int port() {
        return ((InetSocketAddress) address()).getPort();
    }

    /** The Unix socket's path (test_utils' httpd.address). */
    Path path() {
        return unixPath;
    }

    private java.net.SocketAddress address() {
        try {
            return socket.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void serve() {
        while (socket.isOpen()) {
            try (SocketChannel s = socket.accept()) {
                InputStream in = Channels.newInputStream(s);
                // read the request head, up to the blank line
                int last4 = 0, c;
                while (last4 != 0x0d0a0d0a && (c = in.read()) != -1) {
                    last4 = (last4 << 8) | c;
                }
                OutputStream out = Channels.newOutputStream(s);
                out.write(("HTTP/1.0 200 OK\r\nServer: aio-test\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 12\r\n\r\nTest message").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.shutdownOutput();
                // let the client close first, so it never sees a reset
                while (in.read() != -1) {
                    // discard
                }
            } catch (IOException e) {
                // closed, or the client went away: next
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
        }
    }
}
