package aio.echo;

import aio.Aio;
import aio.Connection;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The seed's {@code client(message)}: send one message, print what comes back. */
public final class ReverseEchoClient {
    private ReverseEchoClient() {
    }

    /**
     * Connects to host:port, sends {@code message} (UTF-8), reads one reply of at most 1024
     * bytes, prints {@code sent [MESSAGE] => received: [REPLY]} to {@code out}, closes the
     * connection, and returns the reply (malformed UTF-8 in it becomes U+FFFD). Call inside a
     * task. Raises {@link aio.ConnectionRefusedError} when no server listens there, another
     * {@link aio.ConnectionError} if the connection fails.
     */
    public static String send(String host, int port, String message, Consumer<String> out) {
        Connection c = Aio.openConnection(host, port);
        try {
            c.writer().write(message.getBytes(StandardCharsets.UTF_8));
            byte[] reply = c.reader().read(ReverseEcho.MAX_MESSAGE);
            String text = new String(reply, StandardCharsets.UTF_8);
            out.accept("sent [" + message + "] => received: [" + text + "]");
            return text;
        } finally {
            c.writer().close();
        }
    }
}
