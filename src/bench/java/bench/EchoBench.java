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
 * The lecture's reverse-echo server on aio ({@code run.sh --server}) against the seed's own
 * Python server and a blocking thread-per-connection Java server, each in its own process,
 * loaded by {@link LoadMain} in another JVM: one connection per message, as the seed's
 * protocol has it. Runs take turns server by server.
 */
final class EchoBench {
    private static final List<String> KINDS = List.of("aio", "seed", "blocking");
    private static final Map<String, String> NAMES = Map.of(
            "aio", "aio server", "seed", "seed asyncio server", "blocking", "thread-per-connection Java");

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

    Section run() throws IOException, InterruptedException {
        Map<String, EchoServers.Running> servers = new LinkedHashMap<>();
        List<Figure> figures = new ArrayList<>();
        try {
            for (String kind : KINDS) {
                int port = EchoServers.freePort();
                List<String> cmd = EchoServers.command(kind, port, python);
                if (cmd != null) {
                    servers.put(kind, EchoServers.start(NAMES.get(kind), cmd, port));
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
        if (python == null) {
            notes.add("python3 was not found on the PATH: the seed's server was not measured.");
        }
        return new Section("The reverse-echo server, loopback (" + Plan.medianOf(plan.runs(), "run") + ")",
                List.of(NAMES.get("seed"), NAMES.get("blocking")), figures, notes);
    }

    private List<Figure> figures(int clients, Map<String, List<Window>> windows) {
        String w = clients + (clients == 1 ? " client" : " clients");
        Target rate = clients == 1 ? Target.ratioAtLeast(2) : clients >= 50 ? Target.ratioAtLeast(1.5) : null;
        return List.of(
                figure(w, "connections/s", Unit.PER_SECOND, windows, Window::perSecond, false, rate),
                figure(w, "p50 latency", Unit.MILLIS, windows, x -> x.p50Us() / 1e3, false, null),
                figure(w, "p99 latency", Unit.MILLIS, windows, x -> x.p99Us() / 1e3, false, null),
                figure(w, "errors", Unit.COUNT, windows, Window::errors, true, null),
                figure(w, "server CPU per connection", Unit.MICROS, windows, Window::serverCpuUs, false, null),
                figure(w, "load generator CPU per connection", Unit.MICROS, windows, Window::clientCpuUs, false, null));
    }

    private static Figure figure(String workload, String name, Unit unit, Map<String, List<Window>> windows,
                                 java.util.function.ToDoubleFunction<Window> value, boolean sum, Target target) {
        double aio = combine(windows.get("aio"), value, sum);
        List<Double> peers = List.of(combine(windows.get("seed"), value, sum), combine(windows.get("blocking"), value, sum));
        return new Figure(workload, name, unit, aio, peers, target);
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
