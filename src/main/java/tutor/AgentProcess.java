package tutor;

import tutor.agent.Agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The agent JVM, seen from the console: starts it ({@link tutor.agent.Agent}, same Java,
 * same class path), takes its two connections on a loopback port of its own, sends it signals
 * and reads its answers, and ends it, with every process it started, when asked or when it
 * stops answering. Learner code runs there; nothing it does can reach the console's JVM.
 *
 * <p>Why not JShell's own JDI launch ({@code JdiExecutionControlProvider} with a
 * {@code remoteAgent} of ours): its Ctrl-C suspends the VM and throws into the thread found in
 * the agent's {@code invoke}, but here {@code invoke} only waits while the snippet runs as a
 * task on the loop's thread; and the console's requests and Ctrl-C must reach the agent while
 * that {@code invoke} waits. A second socket does both, and the agent JVM runs without a
 * debugger attached. JShell's wire protocol over the first socket ({@code Util.remoteInputOutput}) is kept.
 */
final class AgentProcess implements AutoCloseable {
    /** How the agent's loop runs. */
    record Options(boolean virtualClock, boolean settle, double warnSlowSeconds) {
    }

    /** The property that names the agent's AOT cache (run.sh makes it on JDK 25+). */
    static final String AOT_PROPERTY = "aio.tutor.agent.aot";
    /** The agent's young generation, as run.sh sizes it ({@code -Xmn512m}); empty: the JVM's default. */
    static final String HEAP_PROPERTY = "aio.tutor.agent.heap";
    /** How long the agent may take to connect after it started (a slow, loaded machine). */
    private static final long CONNECT_MILLIS = 30_000;
    /** Lines the agent's JVM itself printed (not its snippets): the last few explain a crash. */
    private static final int KEPT_LINES = 20;

    /**
     * The agents of this console JVM still running. If the console is ended (SIGTERM,
     * System.exit), its shutdown hook ends them and every process they started: none may
     * outlive the console. (Killed outright, the console cannot; then each agent sees its
     * sockets close and ends itself and its processes.)
     */
    private static final Set<AgentProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(a -> destroyTree(a.process.toHandle())),
                "aio-tutor-end-agents"));
    }

    private final Process process;
    private final ServerSocket listener;
    private final String token;
    /** An AOT training run: at its exit the JDK writes the cache, which takes a while. */
    private boolean training;
    private Socket jshell;
    private Socket signals;
    private OutputStream signalOut;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    /** Why the agent ended, when the console or the agent itself said so first. */
    private volatile String endReason;
    private volatile boolean ending;

    private AgentProcess(Process process, ServerSocket listener, String token) {
        this.process = process;
        this.listener = listener;
        this.token = token;
    }

    /**
     * Starts an agent JVM. It connects back by itself; {@link #connect()} takes the connections.
     * {@code jvmOutput} gets what the agent's JVM prints outside System.out and System.err
     * (a JVM warning, a crash), a line at a time.
     */
    static AgentProcess start(Options options, List<String> extraJvmOptions, Consumer<String> jvmOutput) throws IOException {
        ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        try {
            String token = HexFormat.of().formatHex(random());
            List<String> command = command(options, extraJvmOptions, listener.getLocalPort());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().put(Agent.TOKEN_ENV, token);
            AgentProcess agent = new AgentProcess(pb.start(), listener, token);
            agent.training = command.contains("--aot-training");
            LIVE.add(agent);
            agent.process.onExit().thenRun(() -> LIVE.remove(agent));
            agent.process.getOutputStream().close(); // its System.in is its own, empty
            agent.pump(agent.process.getInputStream(), jvmOutput);
            return agent;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /**
     * The agent's command line: this JVM's Java and class path, the console's language (the
     * agent's lines reach the learner too: {@link Messages}), the options of its loop, and
     * {@code port}, where the console waits for its connections.
     */
    static List<String> command(Options options, List<String> extraJvmOptions, int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports");
        command.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        // for AgentCommands: waiting until the collector's cleared references are enqueued
        command.add("--add-exports");
        command.add("java.base/jdk.internal.access=ALL-UNNAMED");
        command.add("-D" + Messages.LOCALE_PROPERTY + "=" + Messages.locale().toLanguageTag());
        // The agent's own frames are plumbing, as the runtime's are: left out of task stacks and reprs.
        command.add("-Daio.hiddenFrames=tutor.agent.");
        // After each input the agent asks for a collection (to report failed tasks nobody can
        // reach): a concurrent one, so that the loop's tasks do not stop for it.
        command.add("-XX:+ExplicitGCInvokesConcurrent");
        // The young generation run.sh sized for the machine: the learner's tasks run here, and a
        // million of them, all alive until gathered, fit in it without being copied (run.sh).
        String heap = System.getProperty(HEAP_PROPERTY, "").strip();
        if (heap.startsWith("-Xmn")) {
            command.add(heap);
        }
        String aot = System.getProperty(AOT_PROPERTY, "");
        if (!aot.isEmpty() && Files.isRegularFile(Path.of(aot)) && extraJvmOptions.stream().noneMatch(o -> o.startsWith("-XX:AOTCache"))) {
            command.addAll(List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        command.addAll(extraJvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Agent.class.getName());
        command.add(String.valueOf(port));
        if (options.virtualClock()) {
            command.add("--virtual");
        }
        if (options.settle()) {
            command.add("--settle");
        }
        if (options.warnSlowSeconds() > 0) {
            command.add("--warn-slow");
            command.add(String.valueOf(options.warnSlowSeconds()));
        }
        if (extraJvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCacheOutput"))) {
            command.add("--aot-training");
        }
        return command;
    }

    private static byte[] random() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** Reads what the JVM prints on its own, keeping the last lines and passing them on. */
    private void pump(InputStream in, Consumer<String> jvmOutput) {
        Thread.ofPlatform().daemon().name("aio-tutor-agent-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > KEPT_LINES) {
                            lastLines.removeFirst();
                        }
                    }
                    if (!ending) {
                        jvmOutput.accept(line);
                    }
                }
            } catch (IOException e) {
                // the agent is gone
            }
        });
    }

    /**
     * Waits for the agent's two connections (JShell's, then the signal channel) and returns
     * JShell's. Raises IOException when the agent ends or does not connect in time.
     */
    Socket connect() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_MILLIS);
        listener.setSoTimeout(200);
        try {
            while (jshell == null || signals == null) {
                if (!process.isAlive()) {
                    String said = lastWords();
                    throw new IOException(said == null ? Messages.get("agent.ended-at-start", process.exitValue())
                            : Messages.get("agent.ended-at-start.said", process.exitValue(), said));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(Messages.get("agent.no-connection", CONNECT_MILLIS / 1000));
                }
                Socket s;
                try {
                    s = listener.accept();
                } catch (SocketTimeoutException again) {
                    continue;
                }
                String hello = readLine(s.getInputStream());
                if (hello.equals(token + " " + Agent.JSHELL_CHANNEL) && jshell == null) {
                    s.setTcpNoDelay(true);
                    jshell = s;
                } else if (hello.equals(token + " " + Agent.SIGNAL_CHANNEL) && signals == null) {
                    s.setTcpNoDelay(true);
                    signals = s;
                } else {
                    s.close(); // not our agent
                }
            }
        } finally {
            listener.close();
        }
        signalOut = signals.getOutputStream();
        Thread.ofPlatform().daemon().name("aio-tutor-agent-signals").start(this::readAnswers);
        return jshell;
    }

    /** The first line of a new connection, read byte by byte so that nothing after it is taken. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n' && b.length() < 200; ) {
            b.append((char) c);
        }
        return b.toString();
    }

    /** The agent's answers; "dying WHY" is kept as the reason it ends. */
    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(signals.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("dying ")) {
                    endReason = line.substring("dying ".length());
                } else {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // the agent is gone
        }
        answers.add("gone");
    }

    /** Sends a signal ("stop", "detach", "ping"); false if the agent is gone. Any thread. */
    synchronized boolean signal(String what) {
        if (signalOut == null) {
            return false;
        }
        try {
            signalOut.write((what + "\n").getBytes(StandardCharsets.UTF_8));
            signalOut.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends {@code what} ("ping", "detach") and waits up to {@code millis} for the answer:
     * "alive", "detached", "blocked WHAT", or null when the agent said nothing in time.
     */
    String ask(String what, long millis) {
        answers.clear();
        if (!signal(what)) {
            return null;
        }
        try {
            String answer = answers.poll(millis, TimeUnit.MILLISECONDS);
            return answer == null || answer.equals("gone") ? null : answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /**
     * Why the agent ended, in a few words: what the console said when it ended it, what the
     * agent said before it died, or its exit status and last words.
     */
    String endReason() {
        if (endReason != null) {
            return endReason;
        }
        if (process.isAlive()) {
            return Messages.get("agent.not-answering");
        }
        int status = process.exitValue();
        String said = lastWords();
        return said == null ? Messages.get("agent.ended", status) : Messages.get("agent.ended.said", status, said);
    }

    /** The last line the agent's JVM printed on its own (a crash's), or null. */
    private String lastWords() {
        synchronized (lastLines) {
            for (var it = lastLines.descendingIterator(); it.hasNext(); ) {
                String l = it.next().strip();
                if (!l.isEmpty()) {
                    return l;
                }
            }
        }
        return null;
    }

    /** Ends the agent now, with {@code reason} (kept for {@link #endReason()}), and every process it started. */
    void kill(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
        ending = true;
        destroyTree(process.toHandle());
    }

    /** Asks the agent to leave (JShell's channel is closed by then); ends it if it has not within a second. */
    @Override
    public void close() {
        ending = true;
        try {
            if (!process.waitFor(training ? 120 : 1, TimeUnit.SECONDS)) {
                destroyTree(process.toHandle());
            }
        } catch (InterruptedException e) {
            destroyTree(process.toHandle());
            Thread.currentThread().interrupt();
        }
        closeQuietly(jshell);
        closeQuietly(signals);
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Ends a process and all its descendants, children first (they would be orphaned otherwise). */
    static void destroyTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
