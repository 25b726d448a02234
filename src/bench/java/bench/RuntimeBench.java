package bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import bench.Figure.Target;
import bench.Figure.Unit;

/**
 * The runtime against the peers a user would pick instead: CPython's asyncio (the fastest
 * CPython the machine has) and uvloop, then virtual threads and CompletableFuture. Each workload
 * runs in a fresh process per run ({@link WorkloadMain}, bench/py_workloads.py), the sides taking
 * turns run by run so that a change in the machine's load hits all alike.
 */
final class RuntimeBench {
    /** Longest a single workload process may take. */
    private static final long TIMEOUT_SECONDS = 600;

    private final Plan plan;
    private final PrintStream progress;
    private final String python;

    RuntimeBench(Plan plan, PrintStream progress, String python) {
        this.plan = plan;
        this.progress = progress;
        this.python = python;
    }

    /** One side of a comparison: a name and the command that runs a workload of size n. */
    private record Side(String name, java.util.function.BiFunction<String, Integer, List<String>> command) {
    }

    /**
     * The medians of one side: seconds, peak RSS in KiB and CPU seconds, every thread's (NaN when
     * it did not run, or did not say).
     */
    record Medians(double seconds, double rssKib, double cpuSeconds) {
        static final Medians NONE = new Medians(Double.NaN, Double.NaN, Double.NaN);
    }

    List<Section> run() throws IOException, InterruptedException {
        List<Python.Interpreter> pythons = python == null ? List.of() : Python.all();
        List<String> pyNotes = new ArrayList<>();
        Python.Interpreter cpython = fastest(pythons, pyNotes);
        Python.Interpreter uv = fastest(pythons.stream().filter(i -> i.uvloop() != null).toList(), new ArrayList<>());

        Side aio = new Side("aio", (w, n) -> Procs.taskJavaCommand(WorkloadMain.class.getName(), w, String.valueOf(n)));
        Side cp = cpython == null ? null : new Side(cpython.label() + " asyncio", (w, n) -> pyCommand(cpython, false, w, n));
        Side uvloop = uv == null ? null : new Side("uvloop " + uv.uvloop() + " (" + uv.label() + ")", (w, n) -> pyCommand(uv, true, w, n));
        Side vt = java("virtual threads");
        Side exchanger = java("virtual threads, Exchanger");
        Side cf = java("CompletableFuture (no suspension)");
        // the floor under aio's tasks: the same JVM flags as aio's side
        Side bare = new Side("bare continuations (the floor)",
                (w, n) -> Procs.taskJavaCommand(WorkloadMain.class.getName(), w, String.valueOf(n)));

        List<Figure> py = new ArrayList<>();
        List<Figure> jv = new ArrayList<>();
        for (int n : plan.taskCounts()) {
            Map<String, Medians> m = measure(n, "tasks", aio, cp, uvloop, vt, cf, bare);
            String w = String.format(Locale.ROOT, "create + gather %,d tasks", n);
            boolean target = n >= 1_000_000; // the targets are set at the sizes, with JIT warm-up amortised
            py.add(figure(w, "wall time", Unit.SECONDS, m, Medians::seconds, java.util.Arrays.asList(cp, uvloop), List.of()));
            py.add(figure(w, "peak RSS", Unit.MIB, m, x -> x.rssKib() / 1024, java.util.Arrays.asList(cp, uvloop),
                    target ? List.of(Target.ratioAtMost(0.4)) : List.of()));
            py.add(figure(w, "tasks/s", Unit.PER_SECOND, m, x -> n / x.seconds(), java.util.Arrays.asList(cp, uvloop),
                    target ? List.of(Target.ratioAtLeast(25)) : List.of()));
            jv.add(figure(w, "tasks/s", Unit.PER_SECOND, m, x -> n / x.seconds(), java.util.Arrays.asList(vt, exchanger, cf, bare),
                    target ? List.of(Target.ratioAtLeast(1.5)) : List.of()));
            jv.add(figure(w, "tasks per CPU second", Unit.PER_SECOND, m, x -> perCpuSecond(n, x),
                    java.util.Arrays.asList(vt, exchanger, cf, bare), List.of()));
            jv.add(figure(w, "peak RSS", Unit.MIB, m, x -> x.rssKib() / 1024, java.util.Arrays.asList(vt, exchanger, cf, bare), List.of()));
        }
        int s = plan.switches();
        boolean target = s >= 1_000_000;
        for (String queue : List.of("future", "queue")) {
            // Java's peers hand off the same way whichever aio primitive is measured: a rendezvous
            Map<Side, String> sides = new LinkedHashMap<>();
            sides.put(aio, "pingpong-" + queue);
            if (cp != null) {
                sides.put(cp, "pingpong-" + queue);
            }
            if (uvloop != null) {
                sides.put(uvloop, "pingpong-" + queue);
            }
            sides.put(vt, "pingpong-synchronousqueue");
            sides.put(exchanger, "pingpong-exchanger");
            sides.put(cf, "pingpong-completablefuture");
            sides.put(bare, "pingpong-continuations");
            Map<String, Medians> m = measure(s, sides);
            String w = String.format(Locale.ROOT, "ping-pong via %s, %,d switches", queue.equals("future") ? "Future" : "Queue", s);
            py.add(figure(w, "switches/s", Unit.PER_SECOND, m, x -> s / x.seconds(), java.util.Arrays.asList(cp, uvloop),
                    target ? List.of(Target.ratioAtLeast(5), Target.ratioAtLeast(1).against(1)) : List.of()));
            jv.add(figure(w, "switches/s", Unit.PER_SECOND, m, x -> s / x.seconds(), java.util.Arrays.asList(vt, exchanger, cf, bare),
                    target ? List.of(Target.ratioAtLeast(1), Target.ratioAtLeast(1).against(1)) : List.of()));
            jv.add(figure(w, "switches per CPU second", Unit.PER_SECOND, m, x -> perCpuSecond(s, x),
                    java.util.Arrays.asList(vt, exchanger, cf, bare), List.of()));
        }
        for (String clock : List.of("virtual", "real")) {
            Map<String, Medians> m = measure(plan.timers(), "timers-" + clock, aio, cp, clock.equals("real") ? uvloop : null, null, null, null);
            String w = String.format(Locale.ROOT, "%,d timers, %s clock", plan.timers(), clock);
            py.add(figure(w, "timers/s", Unit.PER_SECOND, m, x -> plan.timers() / x.seconds(), java.util.Arrays.asList(cp, uvloop), List.of()));
        }

        List<String> notes = new ArrayList<>(List.of(
                "Each run is a fresh process: `java` with the flags run.sh gives the JVM where tasks run (the console's agent) "
                        + "and no others (`" + String.join(" ", Procs.TASK_JVM_FLAGS)
                        + "`: G1, and the young generation run.sh sizes for the machine, an eighth of its memory up to 1 GiB), "
                        + "each CPython with no options. Wall time is the whole `run(...)` / `asyncio.run(...)` call, "
                        + "JIT warm-up included; peak RSS is the process's VmHWM at the end of it.",
                String.format(Locale.ROOT, "Timer delays are uniform random: up to %.0f s on the virtual clock "
                        + "(aio's `Options.virtual()`, and an asyncio loop whose `time()` jumps to the next timer; "
                        + "uvloop has no such loop), up to %.0f ms on the real clock.",
                        RuntimeWorkloads.VIRTUAL_MAX_DELAY, RuntimeWorkloads.REAL_MAX_DELAY * 1e3)));
        notes.addAll(pyNotes);
        if (python == null) {
            notes.add("python3 was not found on the PATH: the CPython figures were not measured.");
        } else if (uv == null) {
            notes.add("No CPython here can `import uvloop`: its column is empty (Debian: `apt install python3-uvloop`; "
                    + "elsewhere `pip install uvloop`).");
        }
        List<String> javaNotes = List.of(
                "Virtual threads: the same steps as aio's tasks, each task a `Thread.ofVirtual().start(...)` that yields once "
                        + "(`Thread.yield()`, `sleep(0)`'s counterpart), all joined; ping-pong hands an item between two virtual "
                        + "threads through two `SynchronousQueue`s, or swaps it through one `Exchanger`. They run as a Java "
                        + "programmer runs them, with the JVM's default heap and collector (not run.sh's young generation), "
                        + "and their scheduler uses every core, where aio's loop uses one thread.",
                "Per CPU second: the count over the CPU time (user + system) the process used in the same window, every "
                        + "thread's. The JIT compiling on another core counts too, so even the sides that run on one thread "
                        + "(aio, the bare continuations) use more CPU time than wall time; a side whose per-CPU figure falls "
                        + "further below its per-second one had more of the machine working for it: two virtual threads "
                        + "handing off keep both cores busy.",
                "CompletableFuture does not suspend anything: `runAsync` of an empty step on the common pool for the "
                        + "tasks, and for ping-pong each step completes a future whose callback runs the next on one "
                        + "thread. It is the cost of a hand-off without a stack to keep, a floor rather than a rival.",
                "Bare continuations: `jdk.internal.vm.Continuation`, which aio's tasks and virtual threads are both built "
                        + "on, with nothing around it: for the tasks, each one run to a yield and then to its end; for "
                        + "ping-pong, two run in turn on one thread, each yielding back at once. One switch is one stack "
                        + "frozen and another thawed, and nothing else: the floor under any runtime that suspends a stack, "
                        + "aio's and virtual threads' alike. They run with aio's JVM flags, the young generation included.");
        return List.of(
                new Section("The runtime against CPython asyncio and uvloop (" + Plan.medianOf(plan.runs(), "run") + ")",
                        names(cp, uvloop), List.of("CPython", "uvloop"), py, notes),
                new Section("The runtime against virtual threads and CompletableFuture (" + Plan.medianOf(plan.runs(), "run") + ")",
                        names(vt, exchanger, cf, bare), List.of("virtual threads", "Exchanger", "CompletableFuture", "continuations"),
                        jv, javaNotes));
    }

    /** A Java peer, run as a Java programmer runs it: default heap and collector. */
    private static Side java(String name) {
        return new Side(name, (w, n) -> Procs.javaCommand(WorkloadMain.class.getName(), w, String.valueOf(n)));
    }

    private static List<String> pyCommand(Python.Interpreter i, boolean uvloop, String workload, int n) {
        List<String> cmd = new ArrayList<>(List.of(i.command(), Project.script("py_workloads.py").toString()));
        if (uvloop) {
            cmd.add("--uvloop");
        }
        cmd.addAll(List.of(workload, String.valueOf(n)));
        return cmd;
    }

    private static List<String> names(Side... sides) {
        List<String> names = new ArrayList<>();
        String[] fallback = {"CPython asyncio", "uvloop", "", ""};
        for (int i = 0; i < sides.length; i++) {
            names.add(sides[i] != null ? sides[i].name() : fallback[Math.min(i, fallback.length - 1)]);
        }
        return names;
    }

    /**
     * The CPython that runs a short calibration fastest (100,000 tasks and 200,000 Future
     * switches, once each); says what each took in {@code notes}. Null when there is none.
     */
    private Python.Interpreter fastest(List<Python.Interpreter> pythons, List<String> notes) throws IOException, InterruptedException {
        if (pythons.size() <= 1) {
            return pythons.isEmpty() ? null : pythons.getFirst();
        }
        int tasks = Math.min(100_000, plan.taskCounts().getFirst());
        int switches = Math.min(200_000, plan.switches());
        Python.Interpreter best = null;
        double bestSeconds = Double.MAX_VALUE;
        List<String> times = new ArrayList<>();
        for (Python.Interpreter i : pythons) {
            double seconds = Procs.runForResult(pyCommand(i, false, "tasks", tasks), Project.workDir(), TIMEOUT_SECONDS).get("seconds")
                    + Procs.runForResult(pyCommand(i, false, "pingpong-future", switches), Project.workDir(), TIMEOUT_SECONDS).get("seconds");
            times.add(String.format(Locale.ROOT, "%s (`%s`) %.2f s", i.version(), i.command(), seconds));
            progress.println(String.format(Locale.ROOT, "  calibration: CPython %s %.3f s", i.version(), seconds));
            if (seconds < bestSeconds) {
                best = i;
                bestSeconds = seconds;
            }
        }
        notes.add(String.format(Locale.ROOT, "The CPython column is the fastest of the %d CPythons found (python3 and python3.N on "
                + "the PATH, pyenv's versions) at a calibration of %,d tasks plus %,d Future switches, one run each: %s.",
                pythons.size(), tasks, switches, String.join("; ", times)));
        return best;
    }

    /** aio's {@code workload} and each peer side's (null: not measured), n each, interleaved run by run. */
    private Map<String, Medians> measure(int n, String workload, Side aio, Side cp, Side uv, Side vt, Side cf, Side bare)
            throws IOException, InterruptedException {
        Map<Side, String> sides = new LinkedHashMap<>();
        sides.put(aio, workload);
        if (cp != null) {
            sides.put(cp, workload);
        }
        if (uv != null) {
            sides.put(uv, workload);
        }
        if (vt != null && workload.equals("tasks")) {
            sides.put(vt, "tasks-vthreads");
        }
        if (cf != null && workload.equals("tasks")) {
            sides.put(cf, "tasks-completablefuture");
        }
        if (bare != null && workload.equals("tasks")) {
            sides.put(bare, "tasks-continuations");
        }
        return measure(n, sides);
    }

    private Map<String, Medians> measure(int n, Map<Side, String> sides) throws IOException, InterruptedException {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, List<Double>> rss = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Path dir = Project.workDir();
        for (int r = 1; r <= plan.runs(); r++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s %d, run %d/%d:",
                    sides.values().iterator().next(), n, r, plan.runs()));
            for (var e : sides.entrySet()) {
                ResultLine result = Procs.runForResult(e.getKey().command().apply(e.getValue(), n), dir, TIMEOUT_SECONDS);
                seconds.computeIfAbsent(e.getKey().name(), k -> new ArrayList<>()).add(result.get("seconds"));
                rss.computeIfAbsent(e.getKey().name(), k -> new ArrayList<>()).add(result.get("rss_kb"));
                cpu.computeIfAbsent(e.getKey().name(), k -> new ArrayList<>()).add(result.values().getOrDefault("cpu_seconds", Double.NaN));
                line.append(String.format(Locale.ROOT, " %s %.3f s", e.getKey().name(), result.get("seconds")));
            }
            progress.println(line);
        }
        Map<String, Medians> medians = new LinkedHashMap<>();
        for (String name : seconds.keySet()) {
            medians.put(name, new Medians(Stats.median(seconds.get(name)), positive(Stats.median(rss.get(name))),
                    Stats.median(cpu.get(name))));
        }
        return medians;
    }

    private static Figure figure(String workload, String figure, Unit unit, Map<String, Medians> m,
                                 java.util.function.ToDoubleFunction<Medians> value, List<Side> peers, List<Target> targets) {
        List<Double> values = new ArrayList<>();
        for (Side p : peers) {
            values.add(p == null ? Double.NaN : value.applyAsDouble(m.getOrDefault(p.name(), Medians.NONE)));
        }
        return new Figure(workload, figure, unit, value.applyAsDouble(m.get("aio")), values, targets);
    }

    /** {@code count} over the CPU seconds used; NaN when none were counted. */
    private static double perCpuSecond(int count, Medians m) {
        return m.cpuSeconds() > 0 ? count / m.cpuSeconds() : Double.NaN;
    }

    /** A peak RSS of -1 (no /proc) is unknown. */
    private static double positive(double v) {
        return v < 0 ? Double.NaN : v;
    }
}
