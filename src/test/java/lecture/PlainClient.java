package lecture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking java.net.Socket peer: what any non-aio program would do. */
final class PlainClient {
    private PlainClient() {
    }

    /** Sends {@code message}, then reads until the server closes; returns the bytes received. */
    static byte[] exchange(int port, byte[] message) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(message);
            return readToEnd(s.getInputStream());
        }
    }

    static String exchange(int port, String message) throws IOException {
        return new String(exchange(port, message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(10_000);
        return s;
    }

    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) != -1) {
            all.write(buf, 0, n);
        }
        return all.toByteArray();
    }
}
