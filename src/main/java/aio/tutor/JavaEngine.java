package aio.tutor;

import aio.tutor.agent.Request;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * One agent and the JShell that compiles for it: JShell's compiler runs here in the console,
 * the compiled snippets run in the agent's JVM ({@link AgentProcess}). An engine lives until
 * its agent ends; the {@link JavaSession} then starts another and restores the learner's
 * definitions into it.
 */
final class JavaEngine implements AutoCloseable {

    /** Where the agent's output goes: its four channels, each a line at a time. */
    record Sinks(OutputStream out, OutputStream err, OutputStream note, OutputStream info, Consumer<String> jvm) {
    }

    private final AgentProcess agent;
    private final JShell shell;
    private final AgentControl control;
    /** The snippets every session starts with (imports, random): not the learner's. */
    private final List<Snippet> preamble;
    /** Completes when the agent has ended, whoever ended it. */
    final CompletableFuture<JavaEngine> ended = new CompletableFuture<>();
    /** The console started the reverse-echo server in this agent (a restart loses it). */
    volatile boolean serverRunning;
    /** The console closed it on purpose (:quit, :reset): no restart. */
    private volatile boolean closing;

    private JavaEngine(AgentProcess agent, JShell shell, AgentControl control, List<Snippet> preamble) {
        this.agent = agent;
        this.shell = shell;
        this.control = control;
        this.preamble = preamble;
    }

    /**
     * Starts an agent, and a JShell compiling for it with the session's imports and
     * {@code random} (seeded when {@code seed} is not null). Raises IllegalStateException when
     * the agent cannot start.
     */
    static JavaEngine start(AgentProcess.Options options, List<String> jvmOptions, Long seed, Sinks sinks) {
        AgentProcess agent;
        try {
            agent = AgentProcess.start(options, jvmOptions, sinks.jvm());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Java process: " + e.getMessage(), e);
        }
        AgentControl[] control = new AgentControl[1];
        ExecutionControlProvider provider = new ExecutionControlProvider() {
            @Override
            public String name() {
                return "aio-agent";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws Throwable {
                Socket s = agent.connect();
                return Util.remoteInputOutput(s.getInputStream(), s.getOutputStream(),
                        Map.of("out", sinks.out(), "err", sinks.err(), "note", sinks.note(), "info", sinks.info()),
                        Map.of(), (in, out) -> control[0] = new AgentControl(out, in, agent));
            }
        };
        JShell shell;
        try {
            shell = JShell.builder().executionEngine(provider, null).build();
        } catch (RuntimeException e) {
            agent.kill("it did not start");
            agent.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), e);
        }
        for (String imp : JavaSession.IMPORTS) {
            shell.eval(imp);
        }
        // The lessons' random numbers (the seed program's random.randint): seeded in playback.
        shell.eval("Random random = new Random(" + (seed == null ? "" : seed + "L") + ");");
        JavaEngine engine = new JavaEngine(agent, shell, control[0], shell.snippets().toList());
        shell.onShutdown(s -> engine.ended.complete(engine));
        agent.process().onExit().thenRun(() -> engine.ended.complete(engine));
        return engine;
    }

    JShell shell() {
        return shell;
    }

    AgentProcess agent() {
        return agent;
    }

    AgentControl control() {
        return control;
    }

    boolean isPreamble(Snippet s) {
        return preamble.contains(s);
    }

    boolean closing() {
        return closing;
    }

    /** True once the agent has ended (or JShell lost it). */
    boolean ended() {
        return ended.isDone();
    }

    /** Asks the agent for {@code request}: see {@link AgentControl#request}. */
    Object request(Request request, Object arg) throws ExecutionControl.ExecutionControlException {
        return control.request(request, arg);
    }

    /** Ends the agent on purpose (no restart follows): JShell closes its channel, the agent leaves. */
    @Override
    public void close() {
        closing = true;
        try {
            shell.close();
        } catch (RuntimeException e) {
            // closed already
        }
        agent.close();
    }
}
