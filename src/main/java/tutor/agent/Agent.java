package tutor.agent;

import aio.BackgroundLoop;
import aio.Options;
import aio.Timeline;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

import jdk.jshell.execution.Util;

/**
 * The agent: the JVM where the learner's Java runs, started by the console (one agent at a
 * time, a fresh one after {@code :reset} or when learner code ends or wedges this one). It
 * holds the aio loop, the reverse-echo server, and everything a snippet can reach; the console
 * holds the terminal, JShell's compiler, the lessons and the learner's progress, none of which
 * a snippet can touch from here.
 *
 * <p>It connects back to the console twice on the loopback interface (the port is its first
 * argument; a token in {@value #TOKEN_ENV} proves the connections are the console's child's):
 * <ol>
 *   <li>JShell's channel: {@link Util#forwardExecutionControlAndIO} carries JShell's commands
 *       (load the compiled classes, invoke a snippet, read a variable), the console's requests
 *       ({@link Request}, as JShell extension commands), and the output streams
 *       {@code out}, {@code err}, {@code note} and {@code info}, multiplexed;</li>
 *   <li>the signal channel ({@link Signals}): Ctrl-C and "are you alive?" must reach the agent
 *       while JShell's channel waits for a snippet, so they have a socket of their own.</li>
 * </ol>
 * When the console closes JShell's channel, or its signal socket ends (the console died), the
 * agent stops the server, ends the processes snippets started, and halts: a shutdown hook a
 * snippet registered cannot hold it up.
 *
 * <p>Arguments: {@code PORT [--virtual] [--settle] [--warn-slow SECONDS]}.
 */
public final class Agent {
    /** The environment variable that carries the console's token. */
    public static final String TOKEN_ENV = "AIO_AGENT_TOKEN";
    /** What the agent sends first on each connection after the token: which one it is. */
    public static final String JSHELL_CHANNEL = "jshell";
    public static final String SIGNAL_CHANNEL = "signals";
    /** Exit status when the event loop's thread died: the console says why (it was told). */
    public static final int EXIT_LOOP_DIED = 3;

    /**
     * How the agent runs.
     *
     * @param virtualClock the loop's clock is virtual and held between snippets (playback)
     * @param settle       a snippet ends only when the loop has settled (playback)
     * @param warnSlow     a task step longer than this many seconds is reported; 0: never
     * @param aotTraining  a training run for the JDK's AOT cache: leave with System.exit, which writes it
     */
    record Settings(int port, boolean virtualClock, boolean settle, double warnSlow, boolean aotTraining) {
        static Settings parse(String[] args) {
            int port = Integer.parseInt(args[0]);
            boolean virtual = false;
            boolean settle = false;
            boolean training = false;
            double warnSlow = 0;
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--virtual" -> virtual = true;
                    case "--settle" -> settle = true;
                    case "--aot-training" -> training = true;
                    case "--warn-slow" -> warnSlow = Double.parseDouble(args[++i]);
                    default -> throw new IllegalArgumentException("unknown agent option " + args[i]);
                }
            }
            return new Settings(port, virtual, settle, warnSlow, training);
        }
    }

    private Agent() {
    }

    public static void main(String[] args) throws IOException {
        ignoreCtrlC();
        Settings settings = Settings.parse(args);
        String token = System.getenv(TOKEN_ENV);
        Socket jshell = connect(settings.port(), token, JSHELL_CHANNEL);
        Socket signals = connect(settings.port(), token, SIGNAL_CHANNEL);

        AgentStreams streams = new AgentStreams();
        Consumer<String> logger = report -> streams.err().println(LearnerFrames.forLearner(report));
        // The loop records from the start, for :timeline; and a snippet that blocks it is named,
        // as in asyncio's debug mode ("Executing <Task ...> took 2.001 seconds"), except in
        // playback, where timing must not matter.
        Timeline timeline = new Timeline();
        Options options = Options.defaults().timeline(timeline);
        if (settings.warnSlow() > 0) {
            options = options.slowCallbackSeconds(settings.warnSlow()).warnSlowSteps(true);
        }
        BackgroundLoop loop = settings.virtualClock()
                ? BackgroundLoop.virtual(options, logger)
                : new BackgroundLoop(options, logger);
        LoopExecutionControl control = new LoopExecutionControl(loop, settings.settle(), streams,
                new AgentCommands(loop, streams, timeline));
        Shutdown shutdown = new Shutdown(control, settings.aotTraining());
        Signals signalChannel = new Signals(signals, control, shutdown);
        signalChannel.start();
        control.watch().start(signalChannel::send, shutdown, line -> streams.err().println(line));

        Util.forwardExecutionControlAndIO(control, jshell.getInputStream(), jshell.getOutputStream(),
                Map.of("out", streams::out, "err", streams::err, "note", streams::note, "info", streams::info),
                Map.of());
        shutdown.now(0); // the console closed JShell's channel: :quit, :reset, or it is gone
    }

    /**
     * Ctrl-C at the terminal signals every process of the console's process group, this one
     * too; it is the console's to handle (it cancels the snippet through the signal channel),
     * so here SIGINT does nothing. The JDK offers no public API for this.
     */
    @SuppressWarnings("sunapi")
    private static void ignoreCtrlC() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> { });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no such signal here (or the JVM keeps it): Ctrl-C may end this agent, and the console starts another
        }
    }

    /** Connects to the console and says who this is: the token, then the channel's name. */
    private static Socket connect(int port, String token, String channel) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        out.write(((token == null ? "" : token) + " " + channel + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return s;
    }

    /** The way out, once: stop the server, end the snippets' processes, halt. */
    static final class Shutdown {
        private final LoopExecutionControl control;
        private final boolean aotTraining;
        private boolean started;

        Shutdown(LoopExecutionControl control, boolean aotTraining) {
            this.control = control;
            this.aotTraining = aotTraining;
        }

        /**
         * Leaves with {@code status}; never returns (a second caller waits for the first to end
         * the JVM). The server gets a moment to close its sockets; processes a snippet started
         * are ended (they would outlive the agent otherwise). Halts rather than exits: a
         * shutdown hook a snippet registered could loop forever. (An AOT training run exits
         * normally: that is when the JDK writes its cache.)
         */
        void now(int status) {
            synchronized (this) {
                while (started) {
                    try {
                        wait(); // another thread is ending the agent: this one never goes on either
                    } catch (InterruptedException e) {
                        // keep waiting
                    }
                }
                started = true;
            }
            if (aotTraining) {
                // The JDK writes the cache as the JVM exits, in a process of its own: exit
                // normally, and leave that process alone.
                control.commands().shutdown();
                System.exit(status);
            }
            Thread last = new Thread(() -> {
                try {
                    control.commands().shutdown();
                } catch (Throwable e) {
                    // leaving anyway
                }
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(status);
            }, "aio-agent-exit");
            last.setDaemon(true);
            last.start();
            try {
                last.join(1_500);
            } catch (InterruptedException e) {
                // halt below
            }
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().halt(status);
        }
    }
}
