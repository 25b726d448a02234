package lecture;

import aio.Address;
import aio.Aio;
import aio.CancelledError;
import aio.ConnectionError;
import aio.Server;
import aio.StreamReader;
import aio.StreamWriter;
import aio.Task;
import aio.TimeoutError;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The seed's server: each client sends one message, gets it back reversed, and is
 * disconnected. It prints what the seed prints ({@code serving on ('127.0.0.1', 9996)}, then
 * {@code client: ('127.0.0.1', 54321)} per connection) to the {@code out} consumer of its
 * {@link Settings}, so a console can route the lines; diagnostics go to {@code log}.
 *
 * <p>Where the seed trusts its clients, this server does not:
 * <ul>
 *   <li>It reads one message of at most 1024 bytes (the seed's {@code read(1024)}) and
 *       answers only that: whatever else the client sends is never echoed.</li>
 *   <li>A message that is not valid UTF-8 is answered with each malformed sequence replaced by
 *       U+FFFD, and one line is logged. (Python's {@code data.decode()} would raise
 *       UnicodeDecodeError and end the handler without a reply.) A character cut by the
 *       1024-byte limit is malformed in the same way. A valid message's reply has exactly its
 *       length in bytes; each replacement character takes 3 bytes, so a reply is at most
 *       3 KiB.</li>
 *   <li>A client that sends nothing for the idle timeout (30 s by default) is disconnected,
 *       with one log line.</li>
 *   <li>At most {@code maxConnections} clients (10,000 by default) are served at once, and
 *       never more than the process's file-descriptor limit leaves room for (see
 *       {@link DescriptorBudget}); one more is disconnected at once, with a log line. (Should
 *       accept() run out of descriptors all the same, the runtime's server pauses accepting
 *       and logs one line.)</li>
 *   <li>After the reply it half-closes and waits (up to the idle timeout) for the client to
 *       close its end, discarding what else it sends, so that a client that sent more than
 *       1024 bytes still gets its reply and a clean end of stream instead of a reset.</li>
 *   <li>A client that resets the connection costs one log line, no stack trace.</li>
 * </ul>
 * Use it on its loop's thread; {@link #stop()} may be handed to
 * {@code loop.callSoonThreadsafe} from elsewhere.
 */
public final class ReverseEchoServer implements AutoCloseable {

    /**
     * How to run the server. Immutable; each method with an argument returns a changed copy:
     * {@code Settings.defaults().port(0).idleTimeoutSeconds(0.2)}.
     *
     * @param host               the address to listen on (default 127.0.0.1)
     * @param port               the port, 0 for any free one (default 9996)
     * @param idleTimeoutSeconds how long a client may stay silent (default 30)
     * @param maxConnections     how many clients may be connected at once (default 10,000)
     * @param out                receives the lines the seed prints
     * @param log                receives diagnostics (bad input, idle or reset clients)
     */
    public record Settings(String host, int port, double idleTimeoutSeconds, int maxConnections,
                           Consumer<String> out, Consumer<String> log) {
        public Settings {
            if (ReverseEcho.port(String.valueOf(port), true) == null) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            if (!(idleTimeoutSeconds > 0)) {
                throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeoutSeconds);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
        }

        /** 127.0.0.1:9996, 30 s idle timeout, 10,000 connections, printing to standard output and error. */
        public static Settings defaults() {
            return new Settings(ReverseEcho.HOST, ReverseEcho.PORT, 30, 10_000,
                    System.out::println, System.err::println);
        }

        /** These settings listening on {@code h} (a name or an address; null or "" means every interface). */
        public Settings host(String h) {
            return new Settings(h, port, idleTimeoutSeconds, maxConnections, out, log);
        }

        /** These settings on port {@code p} (0: any free port). */
        public Settings port(int p) {
            return new Settings(host, p, idleTimeoutSeconds, maxConnections, out, log);
        }

        /** These settings disconnecting a client silent for {@code s} seconds. */
        public Settings idleTimeoutSeconds(double s) {
            return new Settings(host, port, s, maxConnections, out, log);
        }

        /** These settings serving at most {@code n} clients at once. */
        public Settings maxConnections(int n) {
            return new Settings(host, port, idleTimeoutSeconds, n, out, log);
        }

        /** These settings printing the seed's lines to {@code o}. */
        public Settings out(Consumer<String> o) {
            return new Settings(host, port, idleTimeoutSeconds, maxConnections, o, log);
        }

        /** These settings sending diagnostics to {@code l}. */
        public Settings log(Consumer<String> l) {
            return new Settings(host, port, idleTimeoutSeconds, maxConnections, out, l);
        }
    }

    /** Past a reply, at most this much more input is read and dropped before closing. */
    private static final int MAX_DISCARD = 1 << 20;

    private final Settings settings;
    private final Server server;
    private final Set<Task<?>> handlers = new LinkedHashSet<>();
    /** How many clients the descriptor limit leaves room for. */
    private final DescriptorBudget descriptors;

    private ReverseEchoServer(Settings settings) {
        this.settings = settings;
        this.server = Aio.startServer(this::handle, settings.host(), settings.port());
        this.descriptors = DescriptorBudget.ofThisProcess(now()); // counted with the listening socket open
    }

    /**
     * Starts listening and prints {@code serving on ADDRESS} to {@code out}. Call inside a task.
     * Raises UncheckedIOException (caused by a {@code java.net.BindException}) when the address
     * cannot be bound, e.g. because the port is in use.
     */
    public static ReverseEchoServer start(Settings settings) {
        ReverseEchoServer s = new ReverseEchoServer(settings);
        settings.out().accept("serving on " + s.address());
        return s;
    }

    /** The address the server listens on (with the real port when 0 was asked for); null once closed. */
    public Address address() {
        List<aio.TransportSocket> sockets = server.sockets();
        return sockets.isEmpty() ? null : sockets.get(0).getsockname();
    }

    /** How many clients are being served now. */
    public int activeConnections() {
        return handlers.size();
    }

    /**
     * Serves until the server is closed or stopped, then raises {@link CancelledError} (asyncio's
     * {@code serve_forever}). Cancelling the task stops the server and waits for its clients.
     */
    public void serveForever() {
        server.serveForever();
    }

    /**
     * Stops at once: no new connections, and the clients being served are disconnected (their
     * handlers cancelled). {@link #serveForever()} then ends. Idempotent.
     */
    public void stop() {
        server.close();
        for (Task<?> t : List.copyOf(handlers)) {
            t.cancel();
        }
    }

    /** Stops accepting connections; clients being served finish normally. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    /** Suspends until the server is closed and every client is disconnected. */
    public void waitClosed() {
        server.waitClosed();
    }

    // ---- one client ----

    private void handle(StreamReader reader, StreamWriter writer) {
        Address peer = writer.getExtraInfo("peername");
        Refusal refusal = refusal();
        if (refusal != null) {
            settings.log().accept("client " + peer + ": refused, " + refusal.why());
            if (!refusal.descriptors()) {
                refuse(reader, writer); // short of descriptors, one more held a moment would not help
            }
            return; // the server closes the connection
        }
        Task<?> me = Aio.currentTask();
        handlers.add(me);
        try {
            reply(peer, reader, writer);
        } catch (ConnectionError e) {
            settings.log().accept("client " + peer + ": connection lost (" + e.getMessage() + ")");
        } finally {
            handlers.remove(me);
        }
    }

    /** How long a refused client may take to see the end of the connection and hang up. */
    static final double REFUSAL_LINGER_SECONDS = 1.0;

    /**
     * Ends a refused client's connection without a reset. Closing a socket with unread bytes
     * in it makes the kernel answer with a reset, and the client sees "connection reset"
     * rather than the end of the stream (a race: it depends on whether its message arrived
     * first). So the server first says it will send nothing (FIN), then reads and drops what
     * the client sends until the client hangs up, for at most {@link #REFUSAL_LINGER_SECONDS}.
     */
    private static void refuse(StreamReader reader, StreamWriter writer) {
        try {
            writer.writeEof();
            Aio.waitFor(() -> {
                while (reader.read(ReverseEcho.MAX_MESSAGE).length > 0) {
                    // dropped: this client is not served
                }
            }, REFUSAL_LINGER_SECONDS);
        } catch (TimeoutError | ConnectionError e) {
            // a client that does not hang up, or is gone already: the connection is closed anyway
        }
    }

    /**
     * Why one more client is refused now ("10000 connections already open"), or null if it is
     * served: at most maxConnections clients, and no more than the descriptors leave room for.
     * Refusing costs a descriptor for a moment; serving clients until accept() itself ran out
     * would leave none to refuse with.
     */
    private Refusal refusal() {
        int open = handlers.size();
        if (open >= settings.maxConnections()) {
            return new Refusal(settings.maxConnections() + " connections already open", false);
        }
        if (open >= descriptors.room(open, now())) {
            return new Refusal(open + " connections already open (all that the limit of " + descriptors.limit()
                    + " file descriptors leaves room for)", true);
        }
        return null;
    }

    /** Why a client is refused, and whether for want of file descriptors. */
    private record Refusal(String why, boolean descriptors) {
    }

    /** The seed's handle_client, plus the limits the class comment lists. */
    private void reply(Address peer, StreamReader reader, StreamWriter writer) {
        byte[] data;
        try {
            data = Aio.waitFor(() -> reader.read(ReverseEcho.MAX_MESSAGE), settings.idleTimeoutSeconds());
        } catch (TimeoutError e) {
            settings.log().accept("client " + peer + ": nothing received for "
                    + seconds(settings.idleTimeoutSeconds()) + ", closing");
            return;
        }
        String message = ReverseEcho.decodeStrict(data);
        if (message == null) {
            message = ReverseEcho.decodeLenient(data);
            settings.log().accept("client " + peer + ": message is not valid UTF-8; "
                    + "replying with U+FFFD replacement characters");
        }
        settings.out().accept("client: " + peer);
        writer.write(ReverseEcho.reverse(message).getBytes(StandardCharsets.UTF_8));
        writer.drain();
        closeGracefully(reader, writer);
    }

    /**
     * Half-closes, then reads and drops input until the client closes its end (or the idle
     * timeout passes): closing a socket with unread input sends a reset, which could destroy
     * the reply before the client reads it.
     */
    private void closeGracefully(StreamReader reader, StreamWriter writer) {
        writer.writeEof();
        try {
            Aio.waitFor(() -> {
                long discarded = 0;
                while (discarded <= MAX_DISCARD) {
                    byte[] rest = reader.read(StreamReader.DEFAULT_LIMIT);
                    if (rest.length == 0) {
                        return;
                    }
                    discarded += rest.length;
                }
            }, settings.idleTimeoutSeconds());
        } catch (TimeoutError e) {
            // the client keeps its end open: close ours anyway
        }
    }

    /** Seconds on a monotonic clock, for the descriptor budget (real descriptors, so real time). */
    private static double now() {
        return System.nanoTime() / 1e9;
    }

    private static String seconds(double s) {
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    @Override
    public String toString() {
        return "<ReverseEchoServer " + server + " clients=" + handlers.size() + ">";
    }
}
