package bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import bench.Figure.Target;
import bench.Figure.Unit;

/**
 * The lecture's reverse-echo server on aio ({@code run.sh --server}) against its peers, each in
 * its own process, loaded by {@link LoadMain} in another JVM: one connection per message, as the
 * seed's protocol has it. The peers, in the table's order: the seed's own Python server on
 * CPython's asyncio, the same server on uvloop's event loop, Netty on native epoll with one
 * event-loop thread ({@link NettyEchoServer}), and a blocking thread-per-connection Java server
 * ({@link BlockingEchoServer}). Runs take turns server by server.
 */
final class EchoBench {
    private static final List<String> KINDS = List.of("aio", "seed", "uvloop", "netty", "blocking");
    /** The peers' columns, from 0, in the table's order (what a target's {@code against} takes). */
    static final int SEED = 0;
    static final int UVLOOP = 1;
    static final int NETTY = 2;
    private static final List<String> PEERS = KINDS.subList(1, KINDS.size());
    private static final List<String> SHORT_NAMES = List.of("seed", "uvloop", "Netty", "thread-per-connection");

    private final Plan plan;
    private final PrintStream progress;
    private final String python;

    EchoBench(Plan plan, PrintStream progress, String python) {
        this.plan = plan;
        this.progress = progress;
        this.python = python;
    }

    /** One window's numbers from the load generator. */
    private record Window(double perSecond, double p50Us, double p99Us, double errors, double serverCpuUs,
                          double clientCpuUs) {
    }

    /** Where each peer can run here, found before the first window. */
    private record Peers(Python.Interpreter seed, Python.Interpreter uvloop, String nettyTransport,
                         String nettyVersion) {
        /** The column names, in the table's order. */
        List<String> names() {
            return List.of(
                    "seed asyncio server" + (seed == null ? "" : " (" + seed.label() + ")"),
                    "seed server + uvloop" + (uvloop == null ? "" : " (" + uvloop.label() + ", uvloop " + uvloop.uvloop() + ")"),
                    "Netty" + (nettyTransport == null ? "" : " (" + nettyTransport + ", 1 thread)"),
                    "thread-per-connection Java");
        }

        /** What runs server {@code kind}'s command: the interpreter for the Python ones. */
        String python(String kind, String python) {
            return switch (kind) {
                case "seed" -> seed == null ? python : seed.command();
                case "uvloop" -> uvloop == null ? null : uvloop.command();
                default -> null;
            };
        }
    }

    /**
     * The peers this machine has: {@code python} for the seed's server (named with its
     * version), the first CPython that can import uvloop for the uvloop one (python itself when
     * it can), and Netty's transport when Netty is on the class path.
     */
    private Peers peers() {
        Python.Interpreter seed = python == null ? null : Python.probe(python);
        Python.Interpreter uvloop = null;
        if (python != null) {
            uvloop = seed != null && seed.uvloop() != null ? seed
                    : Python.all().stream().filter(i -> i.uvloop() != null).findFirst().orElse(null);
        }
        String transport = null;
        String version = null;
        try {
            transport = NettyEchoServer.transport();
            var v = io.netty.util.Version.identify().get("netty-common");
            version = v == null ? null : v.artifactVersion();
        } catch (LinkageError e) {
            progress.println("  echo: Netty is not on the class path (" + e + "): its column is n/a");
        }
        return new Peers(seed, uvloop, transport, version);
    }

    Section run() throws IOException, InterruptedException {
        Peers peers = peers();
        List<String> names = peers.names();
        Map<String, EchoServers.Running> servers = new LinkedHashMap<>();
        List<Figure> figures = new ArrayList<>();
        try {
            for (String kind : KINDS) {
                if (kind.equals("netty") && peers.nettyTransport() == null) {
                    continue;
                }
                int port = EchoServers.freePort();
                List<String> cmd = EchoServers.command(kind, port, peers.python(kind, python));
                if (cmd != null) {
                    String name = kind.equals("aio") ? "aio server" : names.get(PEERS.indexOf(kind));
                    servers.put(kind, EchoServers.start(name, cmd, port));
                }
            }
            try (LoadGenerator load = LoadGenerator.start()) {
                if (plan.echoWarmup() > 0) {
                    progress.println("  echo: warming up the servers and the load generator");
                    for (EchoServers.Running server : servers.values()) {
                        for (int clients : plan.echoClients().reversed()) {
                            window(load, server, clients, plan.echoWarmup());
                        }
                    }
                }
                for (int clients : plan.echoClients()) {
                    Map<String, List<Window>> windows = new LinkedHashMap<>();
                    for (int r = 1; r <= plan.runs(); r++) {
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                                "  echo, %d client%s, run %d/%d:", clients, clients == 1 ? "" : "s", r, plan.runs()));
                        for (var e : servers.entrySet()) {
                            Window w = window(load, e.getValue(), clients, plan.echoSeconds());
                            windows.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(w);
                            line.append(String.format(Locale.ROOT, " %s %.0f/s", e.getKey(), w.perSecond()));
                        }
                        progress.println(line);
                    }
                    figures.addAll(figures(clients, windows));
                }
            }
        } finally {
            for (EchoServers.Running s : servers.values()) {
                s.close();
            }
        }
        return new Section("The reverse-echo server, loopback (" + Plan.medianOf(plan.runs(), "run") + ")",
                names, SHORT_NAMES, figures, notes(peers));
    }

    private List<String> notes(Peers peers) {
        List<String> notes = new ArrayList<>(List.of(String.format(Locale.ROOT,
                "One load generator, a JVM of its own (`bench.LoadMain`), loads one server at a time: "
                        + "that many aio tasks spread over " + Plan.count(LoadMain.LOOPS, "loop") + " (one a core, "
                        + "each on its own thread), each task repeating the seed's client (connect, send %d bytes, "
                        + "read the reply, close). First %s per server at each client count to warm up every JIT "
                        + "involved (not counted), then windows of %s, the servers taking turns. Latency is per "
                        + "connection, connect to close. Errors are summed over the runs. The servers' output goes "
                        + "to /dev/null. CPU per connection: the process's user + system CPU time in the window "
                        + "(/proc), over its connections.",
                LoadMain.MESSAGE.length(), Plan.seconds(plan.echoWarmup()), Plan.seconds(plan.echoSeconds()))));
        notes.add("The servers: aio's is the lecture's (`./run.sh --server`: `lecture.ReverseEchoServer`, "
                + "which adds an idle timeout and a graceful close to the seed's handler). The others do per "
                + "connection what the seed's `handle_client` does: read once up to 1024 bytes, print the client, "
                + "reply with the message reversed, close. **seed**: the seed's own program "
                + "(`bench/sysprog_asyncio_stream.py --server`) on CPython's asyncio"
                + (peers.seed() == null ? "" : " (" + peers.seed().label() + ")")
                + "; **uvloop**: the same program with `--uvloop`, on uvloop's event loop (libuv, in Cython) instead "
                + "of asyncio's own"
                + (peers.uvloop() == null ? "" : " (" + peers.uvloop().label() + ", uvloop " + peers.uvloop().uvloop() + ")")
                + "; **Netty**: `bench.NettyEchoServer`, the handler written for Netty"
                + (peers.nettyVersion() == null ? "" : " " + peers.nettyVersion())
                + " on its native epoll transport (NIO where that does not load), one event-loop thread that both "
                + "accepts and serves, pooled direct buffers"
                + (EchoServers.NETTY_OPTIONS.isEmpty() ? "" : ", its JVM started with `"
                        + String.join(" ", EchoServers.NETTY_OPTIONS) + "` (from Java 25 Netty uses Unsafe only then)")
                + "; **thread-per-connection**: `bench.BlockingEchoServer`, a blocking `ServerSocket` and a "
                + "platform thread per connection. All listen on 127.0.0.1 with a backlog of 100. The three Java "
                + "servers run with the JVM's own heap sizing, as run.sh runs `--server` (its young generation is "
                + "for the JVM where tasks run; a server that keeps little alive would only touch fresh memory "
                + "with it).");
        if (python == null) {
            notes.add("python3 was not found on the PATH: the seed's server was not measured, with or without uvloop.");
        } else if (peers.uvloop() == null) {
            notes.add("No CPython here can `import uvloop`, so the uvloop column is n/a. To measure it, install "
                    + "uvloop for python3 (Debian: apt install python3-uvloop; or pip install uvloop).");
        }
        if (peers.nettyTransport() == null) {
            notes.add("Netty is not on the bench's class path (`target/bench-lib`, which `./run.sh bench` builds), "
                    + "so its column is n/a.");
        } else if (!peers.nettyTransport().equals("epoll")) {
            notes.add("Netty's native epoll transport does not load on this machine, so Netty ran on its "
                    + peers.nettyTransport() + " transport (the column says which).");
        }
        return notes;
    }

    private List<Figure> figures(int clients, Map<String, List<Window>> windows) {
        String w = clients + (clients == 1 ? " client" : " clients");
        List<Target> rate = new ArrayList<>();
        if (clients == 1 || clients >= 50) {
            rate.add((clients == 1 ? Target.ratioAtLeast(2) : Target.ratioAtLeast(1.5)).against(SEED));
            rate.add(Target.ratioAtLeast(1).against(UVLOOP));
            rate.add(Target.ratioAtLeast(1).against(NETTY));
        }
        List<Target> cpu = List.of(Target.ratioAtMost(1).against(NETTY));
        return List.of(
                figure(w, "connections/s", Unit.PER_SECOND, windows, Window::perSecond, false, rate),
                figure(w, "p50 latency", Unit.MILLIS, windows, x -> x.p50Us() / 1e3, false, List.of()),
                figure(w, "p99 latency", Unit.MILLIS, windows, x -> x.p99Us() / 1e3, false, List.of()),
                figure(w, "errors", Unit.COUNT, windows, Window::errors, true, List.of()),
                figure(w, "server CPU per connection", Unit.MICROS, windows, Window::serverCpuUs, false, cpu),
                figure(w, "load generator CPU per connection", Unit.MICROS, windows, Window::clientCpuUs, false, List.of()));
    }

    private static Figure figure(String workload, String name, Unit unit, Map<String, List<Window>> windows,
                                 java.util.function.ToDoubleFunction<Window> value, boolean sum, List<Target> targets) {
        double aio = combine(windows.get("aio"), value, sum);
        List<Double> peers = PEERS.stream().map(kind -> combine(windows.get(kind), value, sum)).toList();
        return new Figure(workload, name, unit, aio, peers, List.copyOf(targets));
    }

    private static double combine(List<Window> ws, java.util.function.ToDoubleFunction<Window> value, boolean sum) {
        if (ws == null || ws.isEmpty()) {
            return Double.NaN;
        }
        double[] v = ws.stream().mapToDouble(value).toArray();
        return sum ? java.util.Arrays.stream(v).sum() : Stats.median(v);
    }

    /** One window against {@code server}. */
    private static Window window(LoadGenerator load, EchoServers.Running server, int clients, double seconds)
            throws IOException, InterruptedException {
        ResultLine r = load.window(server, clients, seconds);
        if (!server.process().isAlive()) {
            throw new IOException("the " + server.name() + " died: " + server.errors());
        }
        double connections = Math.max(1, r.get("connections"));
        return new Window(r.get("per_second"), r.get("p50_us"), r.get("p99_us"), r.get("errors"),
                r.get("server_cpu_s") * 1e6 / connections, r.get("client_cpu_s") * 1e6 / connections);
    }
}
