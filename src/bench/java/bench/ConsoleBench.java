package bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The console against the {@code jshell} tool, each on a pseudo-terminal as a user sees it:
 * the time from starting the JVM to the first prompt and to the answer of a first snippet
 * typed at once, the round trip of a meta-command
 * ({@code :help} / {@code /help}), and of a trivial snippet ({@code 1+1}) once warmed up.
 */
final class ConsoleBench {
    /** One console program: how to start it and talk to it. */
    record Tool(String name, List<String> command, String prompt, String metaCommand, String quit) {
    }

    /** The medians, in milliseconds, over every session's samples. */
    record Timings(double firstPromptMs, double firstPromptCpuMs, double firstAnswerMs, double metaMs, double snippetMs) {
    }

    private static final long TIMEOUT_MS = 60_000;

    private ConsoleBench() {
    }

    /**
     * The console as run.sh starts it: its JVM flags, the lessons folder, tutor.Main, and
     * the AOT caches run.sh keeps next to the jar on JDK 25+ (when there are).
     */
    static Tool aio() {
        List<String> options = new ArrayList<>(List.of("-Daio.tutor.lessons=" + Project.root().resolve("lessons"),
                "-Daio.tutor.agent.heap=" + Procs.HEAP));
        String cache = System.getProperty("aio.tutor.aot", "");
        if (!cache.isEmpty() && Files.isRegularFile(Path.of(cache))) {
            options.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        String agentCache = System.getProperty("aio.tutor.agent.aot", ""); // the agent JVM's, as run.sh passes it
        if (!agentCache.isEmpty() && Files.isRegularFile(Path.of(agentCache))) {
            options.add("-Daio.tutor.agent.aot=" + agentCache);
        }
        return new Tool("aio-tutor", Procs.javaCommandOn(Procs.tutorialClassPath(), options, "tutor.Main"), "aio> ", ":help", ":quit");
    }

    /** jshell next to this JVM's java, or on the PATH; null when there is none. */
    static Tool jshell() {
        Path next = Path.of(Procs.java()).resolveSibling("jshell");
        Path jshell = Files.isExecutable(next) ? next : Procs.onPath("jshell");
        if (jshell == null) {
            return null;
        }
        return new Tool("jshell", List.of(jshell.toString(), "-q"), "jshell> ", "/help", "/exit");
    }

    /** Both tools, as a table; the console's figures are held to absolute targets. */
    static Section run(Plan plan, PrintStream progress) throws IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        Timings aio = null;
        Timings jshell = null;
        if (!Pty.available()) {
            notes.add("`script` (util-linux) was not found: the console was not measured.");
        } else {
            Path state = Files.createTempDirectory("aio-bench-console-");
            try {
                aio = measure(aio(), plan, state, progress);
                Tool j = jshell();
                if (j == null) {
                    notes.add("jshell was not found: its figures were not measured.");
                } else {
                    jshell = measure(j, plan, state, progress);
                }
            } finally {
                deleteTree(state);
            }
        }
        notes.add("Each tool runs on a pseudo-terminal (120x40, TERM=xterm-256color) made by `script`, typed at "
                + "as a user would type; aio-tutor started as run.sh starts it (without run.sh's own JDK lookup), "
                + "with `AIO_TUTOR_STATE` in a temporary folder; `jshell -q`. First prompt: from starting the "
                + "process to the prompt on the screen, " + Plan.count(plan.consoleSessions(), "session")
                + "; its CPU time is the user + system time of the tool's processes (all threads; both "
                + "tools run snippets in a second JVM) at that moment. First snippet: `1+1` typed as soon as the "
                + "prompt shows, from starting the process to its answer. Round trips: from Enter to the answer and the next prompt, "
                + plan.consoleSamples() + " a session each; the snippets after "
                + Plan.count(plan.consoleWarmups(), "untimed one") + ".");
        List<Figure> figures = List.of(
                // 0.3 s where the JDK keeps an ahead-of-time cache of the start-up (25+, run.sh makes it), else 0.5 s
                figure("first prompt", "JVM start to prompt", aio, jshell, Timings::firstPromptMs,
                        System.getProperty("aio.tutor.aot", "").isBlank() ? 500 : 300),
                figure("first prompt", "CPU time used by then", aio, jshell, Timings::firstPromptCpuMs, Double.NaN),
                figure("first snippet", "JVM start to `1+1`'s answer", aio, jshell, Timings::firstAnswerMs, 1000),
                figure("meta-command", "`:help` / `/help`", aio, jshell, Timings::metaMs, 50),
                figure("snippet after warm-up", "`1+1`", aio, jshell, Timings::snippetMs, 100));
        return new Section("The console against jshell (milliseconds, median)", List.of("jshell"), figures, notes);
    }

    private static Figure figure(String workload, String name, Timings aio, Timings jshell,
                                 ToDoubleFunction<Timings> value, double targetMs) {
        return new Figure(workload, name, Figure.Unit.MILLIS,
                aio == null ? Double.NaN : value.applyAsDouble(aio),
                List.of(jshell == null ? Double.NaN : value.applyAsDouble(jshell)),
                Double.isNaN(targetMs) ? null : Figure.Target.atMost(targetMs));
    }

    private static Timings measure(Tool tool, Plan plan, Path state, PrintStream progress)
            throws IOException, InterruptedException {
        Timings t = measure(tool, plan.consoleSessions(), plan.consoleWarmups(), plan.consoleSamples(), state);
        progress.printf(Locale.ROOT, "  %s: first prompt %.0f ms (%.0f ms CPU), first answer %.0f ms, meta-command %.1f ms, snippet %.1f ms%n",
                tool.name(), t.firstPromptMs(), t.firstPromptCpuMs(), t.firstAnswerMs(), t.metaMs(), t.snippetMs());
        return t;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: never mind
        }
    }

    /**
     * Starts {@code tool} {@code sessions} times; in each, times the first prompt, then
     * {@code samples} meta-commands, {@code warmups} untimed snippets, {@code samples} timed ones.
     */
    static Timings measure(Tool tool, int sessions, int warmups, int samples, Path state)
            throws IOException, InterruptedException {
        List<Double> first = new ArrayList<>();
        List<Double> firstCpu = new ArrayList<>();
        List<Double> firstAnswer = new ArrayList<>();
        List<Double> meta = new ArrayList<>();
        List<Double> snippet = new ArrayList<>();
        Map<String, String> env = Map.of("AIO_TUTOR_STATE", state.toString(), "TERM", "xterm-256color");
        for (int s = 0; s < sessions; s++) {
            try (Pty pty = Pty.start(tool.command(), env, Project.workDir())) {
                pty.await(tool.prompt(), 0, TIMEOUT_MS);
                first.add(pty.elapsedMillis());
                firstCpu.add(pty.programCpuSeconds() * 1e3);
                // Typed as soon as the prompt shows: the answer waits for whatever is still starting.
                roundTrip(pty, tool, "1+1", "==> 2");
                firstAnswer.add(pty.elapsedMillis());
                for (int i = 0; i < samples; i++) {
                    meta.add(roundTrip(pty, tool, tool.metaCommand(), null));
                }
                for (int i = 0; i < warmups; i++) {
                    roundTrip(pty, tool, "1+1", "==> 2");
                }
                for (int i = 0; i < samples; i++) {
                    snippet.add(roundTrip(pty, tool, "1+1", "==> 2"));
                }
                pty.send(tool.quit() + "\n");
                pty.waitForExit(5_000);
            }
        }
        return new Timings(Stats.median(first), Stats.median(firstCpu), Stats.median(firstAnswer), Stats.median(meta),
                Stats.median(snippet));
    }

    /**
     * Types {@code line} and Enter, and returns the milliseconds until the answer (containing
     * {@code answer}, when not null) and the next prompt have appeared. The typed line is echoed
     * without a prompt, so the first prompt after the end of that line is the next one.
     */
    private static double roundTrip(Pty pty, Tool tool, String line, String answer)
            throws IOException, InterruptedException {
        int from = pty.mark();
        long t0 = System.nanoTime();
        pty.send(line + "\n");
        int at = pty.await("\n", from, TIMEOUT_MS);
        if (answer != null) {
            at = pty.await(answer, at, TIMEOUT_MS);
        }
        pty.await(tool.prompt(), at, TIMEOUT_MS);
        return (System.nanoTime() - t0) / 1e6;
    }
}
