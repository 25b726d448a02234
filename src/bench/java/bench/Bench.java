package bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./run.sh bench}: the runtime, the echo server and the console measured against their
 * peers in one run, printed as Markdown tables. Progress goes to stderr, the tables to stdout
 * (and to bench/results.md with {@code --write}).
 */
public final class Bench {
    static final String USAGE = """
            Usage: aio-tutor bench [--quick | --tiny] [--only PARTS] [--write]

            Measures the aio runtime, the reverse-echo server and the console against
            their peers: CPython asyncio and uvloop, virtual threads and CompletableFuture,
            the seed's Python server (on asyncio and on uvloop), Netty on epoll, a
            thread-per-connection Java server and jshell, on this machine, in this run;
            prints the tables.

              --quick       small sizes, one console session: a smoke check (< 1 min)
              --tiny        the smallest sizes, one run each (what the tests run)
              --only PARTS  some of: runtime,echo,console (comma-separated)
              --write       also write the tables to bench/results.md
            """;

    static final List<String> PARTS = List.of("runtime", "echo", "console");

    private Bench() {
    }

    /** The parsed command line. */
    record Options(Plan plan, Set<String> parts, boolean write, boolean help) {
    }

    /**
     * Runs the bench with {@code args}; returns the exit code: 0, 1 when a part failed (a missed
     * target is no failure), 64 for a usage error.
     */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        Options options = parse(args, err);
        if (options == null) {
            return 64;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        String command = "./run.sh bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
        return run(options, Python.command(), command, out, err);
    }

    static Options parse(String[] args, PrintStream err) {
        Plan plan = Plan.full();
        Set<String> parts = new LinkedHashSet<>(PARTS);
        boolean write = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> plan = Plan.quick();
                case "--tiny" -> plan = Plan.tiny();
                case "--write" -> write = true;
                case "--only" -> {
                    if (i + 1 == args.length) {
                        err.println("aio-tutor: bench: --only needs some of " + String.join(",", PARTS));
                        return null;
                    }
                    parts.clear();
                    for (String p : args[++i].split(",")) {
                        if (!PARTS.contains(p.strip())) {
                            err.println("aio-tutor: bench: unknown part '" + p + "' (" + String.join(",", PARTS) + ")");
                            return null;
                        }
                        parts.add(p.strip());
                    }
                }
                case "-h", "--help" -> {
                    return new Options(plan, parts, write, true);
                }
                default -> {
                    err.println("aio-tutor: bench: unknown option '" + args[i] + "' (try bench --help)");
                    return null;
                }
            }
        }
        return new Options(plan, parts, write, false);
    }

    /** Runs the parts; {@code python} is python3's path, or null to run without the CPython peers. */
    static int run(Options options, String python, String command, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        String pythonVersion = Machine.python(python);
        if (python == null) {
            err.println("bench: python3 is not on the PATH: the CPython peers are skipped, the rest runs.");
        }
        Plan plan = options.plan();
        List<Section> sections = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String part : options.parts()) {
            err.println("bench: " + part + " (" + plan.name() + ")");
            try {
                sections.addAll(switch (part) {
                    case "runtime" -> new RuntimeBench(plan, err, python).run();
                    case "echo" -> List.of(new EchoBench(plan, err, python).run());
                    case "console" -> List.of(ConsoleBench.run(plan, err));
                    default -> throw new IllegalArgumentException(part);
                });
            } catch (IOException | RuntimeException e) {
                failures.add(part + ": " + e.getMessage());
                err.println("bench: " + part + " failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(part + ": interrupted");
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String report = report(command, plan, sections, failures, pythonVersion, loadBefore, Machine.loadAverage(), seconds);
        out.print(report);
        out.flush();
        if (options.write()) {
            Path file = Project.benchDir().resolve("results.md");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "# aio-tutor bench results\n\n" + report, StandardCharsets.UTF_8);
                err.println("bench: wrote " + file);
            } catch (IOException e) {
                err.println("bench: cannot write " + file + ": " + e.getMessage());
                return 1;
            }
        }
        return failures.isEmpty() ? 0 : 1;
    }

    static String report(String command, Plan plan, List<Section> sections, List<String> failures,
                         String pythonVersion, String loadBefore, String loadAfter, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "`%s` (%s sizes), %s, %.0f s:%n%n", command, plan.name(), LocalDate.now(), seconds));
        sb.append("- machine: ").append(Machine.hardware());
        if (loadBefore != null) {
            sb.append("; load average ").append(loadBefore).append(" before, ").append(loadAfter).append(" after");
        }
        sb.append('\n');
        sb.append("- ").append(Machine.jdk()).append("; ")
                .append(pythonVersion == null ? "no python3" : pythonVersion).append('\n');
        sb.append("- ratio = aio's figure ÷ the peer's (so above 1 is better for rates, below 1 for times and memory)\n");
        for (Section s : sections) {
            sb.append('\n').append(s.markdown());
        }
        if (!failures.isEmpty()) {
            sb.append("\nFailed:\n");
            for (String f : failures) {
                sb.append("- ").append(f).append('\n');
            }
        }
        return sb.toString();
    }
}
