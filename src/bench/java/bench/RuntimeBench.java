package bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import bench.Figure.Target;
import bench.Figure.Unit;

/**
 * The runtime against CPython's asyncio: each workload in a fresh JVM ({@link WorkloadMain})
 * and a fresh python3 (bench/py_workloads.py), taking turns run by run so that a change in the
 * machine's load hits both alike.
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

    /** The medians of one workload: seconds and peak RSS in KiB, for aio and CPython (NaN if absent). */
    record Medians(double aioSeconds, double aioRssKib, double pySeconds, double pyRssKib) {
    }

    Section run() throws IOException, InterruptedException {
        List<Figure> figures = new ArrayList<>();
        for (int n : plan.taskCounts()) {
            Medians m = measure("tasks", n);
            String w = String.format(Locale.ROOT, "create + gather %,d tasks", n);
            boolean target = n >= 1_000_000; // the targets are set at the sizes, with JIT warm-up amortised
            figures.add(figure(w, "wall time", Unit.SECONDS, m.aioSeconds(), m.pySeconds(), null));
            figures.add(figure(w, "peak RSS", Unit.MIB, m.aioRssKib() / 1024, m.pyRssKib() / 1024,
                    target ? Target.ratioAtMost(1) : null));
            figures.add(figure(w, "tasks/s", Unit.PER_SECOND, n / m.aioSeconds(), n / m.pySeconds(),
                    target ? Target.ratioAtLeast(5) : null));
        }
        for (String queue : List.of("future", "queue")) {
            Medians m = measure("pingpong-" + queue, plan.switches());
            String w = String.format(Locale.ROOT, "ping-pong via %s, %,d switches",
                    queue.equals("future") ? "Future" : "Queue", plan.switches());
            figures.add(figure(w, "switches/s", Unit.PER_SECOND, plan.switches() / m.aioSeconds(),
                    plan.switches() / m.pySeconds(), plan.switches() >= 1_000_000 ? Target.ratioAtLeast(5) : null));
        }
        for (String clock : List.of("virtual", "real")) {
            Medians m = measure("timers-" + clock, plan.timers());
            String w = String.format(Locale.ROOT, "%,d timers, %s clock", plan.timers(), clock);
            figures.add(figure(w, "timers/s", Unit.PER_SECOND, plan.timers() / m.aioSeconds(),
                    plan.timers() / m.pySeconds(), null));
        }
        List<String> notes = new ArrayList<>(List.of(
                "Each run is a fresh process: `java` with run.sh's flags and no others (default heap and GC), "
                        + "`python3` with no options. Wall time is the whole `run(...)` / `asyncio.run(...)` call, "
                        + "JIT warm-up included; peak RSS is the process's VmHWM at the end of it.",
                String.format(Locale.ROOT, "Timer delays are uniform random: up to %.0f s on the virtual clock "
                        + "(aio's `Options.virtual()`, and an asyncio loop whose `time()` jumps to the next timer), "
                        + "up to %.0f ms on the real clock.",
                        RuntimeWorkloads.VIRTUAL_MAX_DELAY, RuntimeWorkloads.REAL_MAX_DELAY * 1e3)));
        if (python == null) {
            notes.add("python3 was not found on the PATH: the CPython figures were not measured.");
        }
        return new Section("The runtime against CPython asyncio (" + Plan.medianOf(plan.runs(), "run") + ")",
                List.of("CPython asyncio"), figures, notes);
    }

    private static Figure figure(String workload, String figure, Unit unit, double aio, double peer, Target target) {
        return new Figure(workload, figure, unit, aio, List.of(peer), target);
    }

    /** Runs {@code workload} with {@code n} plan.runs() times on each side; the medians. */
    Medians measure(String workload, int n) throws IOException, InterruptedException {
        List<Double> aioSeconds = new ArrayList<>();
        List<Double> aioRss = new ArrayList<>();
        List<Double> pySeconds = new ArrayList<>();
        List<Double> pyRss = new ArrayList<>();
        Path dir = Project.workDir();
        for (int r = 1; r <= plan.runs(); r++) {
            ResultLine a = Procs.runForResult(
                    Procs.javaCommand(WorkloadMain.class.getName(), workload, String.valueOf(n)), dir, TIMEOUT_SECONDS);
            aioSeconds.add(a.get("seconds"));
            aioRss.add(a.get("rss_kb"));
            String line = String.format(Locale.ROOT, "  %s %d, run %d/%d: aio %.3f s", workload, n, r, plan.runs(),
                    a.get("seconds"));
            if (python != null) {
                ResultLine p = Procs.runForResult(
                        List.of(python, Project.script("py_workloads.py").toString(), workload, String.valueOf(n)),
                        dir, TIMEOUT_SECONDS);
                pySeconds.add(p.get("seconds"));
                pyRss.add(p.get("rss_kb"));
                line += String.format(Locale.ROOT, ", CPython %.3f s", p.get("seconds"));
            }
            progress.println(line);
        }
        return new Medians(Stats.median(aioSeconds), positive(Stats.median(aioRss)),
                Stats.median(pySeconds), positive(Stats.median(pyRss)));
    }

    /** A peak RSS of -1 (no /proc) is unknown. */
    private static double positive(double v) {
        return v < 0 ? Double.NaN : v;
    }
}
