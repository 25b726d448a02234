package aio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny blocking HTTP/1.0 server on a platform thread, like CPython's
 * {@code test_utils.run_test_server()}: answers every request with "HTTP/1.0 200 OK" and the
 * body "Test message", then closes. Deliberately not built on aio, so it tests aio's client.
 */
final class TestHttpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    TestHttpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().name("test-http-server").daemon().start(this::serve);
    }

    String host() {
        return "127.0.0.1";
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                // read the request head, up to the blank line
                int last4 = 0, c;
                while (last4 != 0x0d0a0d0a && (c = in.read()) != -1) {
                    last4 = (last4 << 8) | c;
                }
                OutputStream out = s.getOutputStream();
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
    }
}
