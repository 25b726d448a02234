package bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starting the bench's child processes: a fresh JVM with run.sh's flags, python3, and running
 * one to completion to read its {@code RESULT} line.
 */
final class Procs {
    /**
     * The flags run.sh starts every JVM with (the runtime's tasks are JDK continuations), which
     * are also all a Java programmer's own JVM needs for this class path: the Java peers' flags.
     */
    static final List<String> JVM_FLAGS = flags("");

    /**
     * The young generation run.sh sized for this machine ({@code -Xmn1024m}; empty on a small
     * one), which it passes as {@code aio.bench.heap}: run.sh gives it to the JVM where tasks
     * run (the console's agent), not to the lecture's server or the console's own JVM.
     */
    static final String HEAP = System.getProperty("aio.bench.heap", "").strip();

    /** The flags of a JVM where run.sh runs tasks: {@link #JVM_FLAGS} and the young generation. */
    static final List<String> TASK_JVM_FLAGS = flags(HEAP);

    static List<String> flags(String heap) {
        List<String> flags = new ArrayList<>(List.of(
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"));
        for (String flag : heap.strip().split("\\s+")) {
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        return List.copyOf(flags);
    }

    /** The children still running, ended by a shutdown hook if the bench is interrupted. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private Procs() {
    }

    /** Starts {@code pb}, and ends the process if the bench is stopped (Ctrl-C) before it ends. */
    static Process start(ProcessBuilder pb) throws IOException {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Procs::kill), "aio-bench-cleanup"));
        }
        Process p = pb.start();
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        return p;
    }

    /** This JVM's java executable. */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The class path for a child JVM: the folder (or jar) this class came from, and next to it
     * target/lib/* (JLine, for the console) when run.sh's build put it there.
     */
    static String classPath() {
        return System.getProperty("java.class.path"); // the benchmarks' own, the runtime's and the console's classes
    }

    /**
     * The class path the tutorial runs with ({@code run.sh} passes it as
     * {@code aio.tutor.classpath}: its jar and libraries, without the benchmarks), so that the
     * console measured is the console a learner starts, AOT cache and all.
     */
    static String tutorialClassPath() {
        return System.getProperty("aio.tutor.classpath", classPath());
    }

    /** {@code java TASK_FLAGS -cp CLASSPATH mainClass args...}: a JVM that runs tasks, as the console's agent. */
    static List<String> taskJavaCommand(String mainClass, String... args) {
        return command(TASK_JVM_FLAGS, classPath(), List.of(), mainClass, args);
    }

    /** {@code java FLAGS -cp CLASSPATH mainClass args...}. */
    static List<String> javaCommand(String mainClass, String... args) {
        return javaCommand(List.of(), mainClass, args);
    }

    /** {@code java FLAGS OPTIONS -cp CLASSPATH mainClass args...}. */
    static List<String> javaCommand(List<String> options, String mainClass, String... args) {
        return javaCommandOn(classPath(), options, mainClass, args);
    }

    /** {@link #javaCommand(List, String, String...)} on another class path. */
    static List<String> javaCommandOn(String classPath, List<String> options, String mainClass, String... args) {
        return command(JVM_FLAGS, classPath, options, mainClass, args);
    }

    private static List<String> command(List<String> flags, String classPath, List<String> options, String mainClass,
                                        String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(flags);
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The full path of {@code program} on the PATH, or null. */
    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The words of {@code command} quoted for sh. */
    static String shellQuote(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String word : command) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    /**
     * Runs {@code command} to its end (at most {@code timeoutSeconds}, then it is killed) and
     * returns its {@code RESULT} line; stderr is passed through. Throws IOException when it
     * fails, times out, or prints no result.
     */
    static ResultLine runForResult(List<String> command, Path dir, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process p = start(new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = p.getInputStream()) {
                out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process went away
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill(p);
            throw new IOException(name(command) + " did not finish within " + timeoutSeconds + " s");
        }
        pump.join(5_000);
        if (p.exitValue() != 0) {
            throw new IOException(name(command) + " failed with exit status " + p.exitValue());
        }
        List<ResultLine> results = ResultLine.parseAll(out.toString());
        if (results.isEmpty()) {
            throw new IOException(name(command) + " printed no RESULT line");
        }
        return results.getLast();
    }

    /** A short name for messages: the program and its main class or script. */
    static String name(List<String> command) {
        String program = Path.of(command.getFirst()).getFileName().toString();
        for (String word : command.subList(1, command.size())) {
            if (word.startsWith("aio.") || word.endsWith(".py")) {
                return program + " " + Path.of(word).getFileName();
            }
        }
        return program;
    }

    /** Ends a child this bench started, and the processes it started: politely, then not. */
    static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                p.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
