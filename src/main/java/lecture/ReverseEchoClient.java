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
        /** What went wrong: no server listened, no reply in time, the connection broke, or it could not be made. */
        public enum Kind { REFUSED, NO_REPLY, LOST, CANNOT_CONNECT }

        public final boolean refused;
        public final Kind kind;
        /** "127.0.0.1:9996". */
        public final String where;
        /** Why, in the system's words ("connection reset by peer"); empty for REFUSED and NO_REPLY. */
        public final String reason;

        Failed(Kind kind, String where, String reason) {
            super(switch (kind) {
                case REFUSED -> "cannot connect to " + where + ": connection refused";
                case NO_REPLY -> "no reply from " + where + " within " + (long) ReverseEcho.CLIENT_TIMEOUT_SECONDS + " s";
                case LOST -> "connection to " + where + " failed: " + reason;
                case CANNOT_CONNECT -> "cannot connect to " + where + ": " + reason;
            }, null, false, false);
            this.kind = kind;
            this.refused = kind == Kind.REFUSED;
            this.where = where;
            this.reason = reason;
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
            throw new Failed(Failed.Kind.REFUSED, where, "");
        } catch (TimeoutError e) {
            throw new Failed(Failed.Kind.NO_REPLY, where, "");
        } catch (ConnectionError e) {
            boolean connected = e.getMessage() == null || !e.getMessage().startsWith("Connect call failed");
            throw new Failed(connected ? Failed.Kind.LOST : Failed.Kind.CANNOT_CONNECT, where, ReverseEcho.reason(e));
        } catch (UncheckedIOException e) {
            throw new Failed(Failed.Kind.CANNOT_CONNECT, where, ReverseEcho.reason(e));
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
