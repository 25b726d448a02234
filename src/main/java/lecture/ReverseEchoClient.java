package lecture;

import aio.Aio;
import aio.Connection;
import aio.ConnectionError;
import aio.ConnectionRefusedError;
import aio.TimeoutError;

import java.io.UncheckedIOException;
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
    /**
     * A client run that failed, in the words every caller prints (the command line, the
     * console): "cannot connect to 127.0.0.1:9996: connection refused". {@code refused} tells
     * that no server listened, for advice the caller adds.
     */
    public static final class Failed extends RuntimeException {
        public final boolean refused;

        Failed(String message, boolean refused) {
            super(message, null, false, false);
            this.refused = refused;
        }
    }

    /**
     * {@link #send} with the client's time limit ({@link ReverseEcho#CLIENT_TIMEOUT_SECONDS}),
     * its network failures turned into {@link Failed}. Call inside a task.
     */
    public static String exchange(String host, int port, String message, Consumer<String> out) {
        String where = host + ":" + port;
        try {
            return Aio.waitFor(() -> send(host, port, message, out), ReverseEcho.CLIENT_TIMEOUT_SECONDS);
        } catch (ConnectionRefusedError e) {
            throw new Failed("cannot connect to " + where + ": connection refused", true);
        } catch (TimeoutError e) {
            throw new Failed("no reply from " + where + " within " + (long) ReverseEcho.CLIENT_TIMEOUT_SECONDS + " s", false);
        } catch (ConnectionError e) {
            boolean connected = e.getMessage() == null || !e.getMessage().startsWith("Connect call failed");
            throw new Failed((connected ? "connection to " + where + " failed: " : "cannot connect to " + where + ": ")
                    + ReverseEcho.reason(e), false);
        } catch (UncheckedIOException e) {
            throw new Failed("cannot connect to " + where + ": " + ReverseEcho.reason(e), false);
        }
    }

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
