package tutor;

import tutor.agent.Request;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
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

    /** Takes the agents' connections: off JShell's thread, which compiles the imports meanwhile. */
    private static final java.util.concurrent.Executor CONNECTOR = r -> Thread.ofPlatform().daemon()
            .name("aio-tutor-agent-connect").start(r);

    private final AgentProcess agent;
    private final JShell shell;
    private final AgentControl control;
    /** The snippets every session starts with (imports, random): not the learner's. */
    private final Set<Snippet> preamble = ConcurrentHashMap.newKeySet();
    /**
     * The session's single-type imports ({@code import aio.Queue;}) by simple name. A class the
     * learner declares with one of these names must win, and the import would clash with it
     * in every later snippet: it is dropped while the learner's class exists (see {@link #reconcileImports}).
     */
    private final Map<String, Snippet> namedImports = new ConcurrentHashMap<>();
    /** Completes when the agent has ended, whoever ended it. */
    final CompletableFuture<JavaEngine> ended = new CompletableFuture<>();
    /** The port of the reverse-echo server the console started in this agent, or 0 (a restart loses it). */
    volatile int serverPort;
    /** The console closed it on purpose (:quit, :reset): no restart. */
    private volatile boolean closing;

    private JavaEngine(AgentProcess agent, JShell shell, AgentControl control, List<Snippet> preamble) {
        this.agent = agent;
        this.shell = shell;
        this.control = control;
        this.preamble.addAll(preamble);
        for (Snippet s : preamble) {
            if (s instanceof ImportSnippet i && !i.isStatic() && !i.fullname().endsWith("*")) {
                namedImports.put(i.name(), s);
            }
        }
    }

    /** Starts an agent JVM for an engine; raises IllegalStateException when it cannot. */
    static AgentProcess launch(AgentProcess.Options options, List<String> jvmOptions, Sinks sinks) {
        try {
            return AgentProcess.start(options, jvmOptions, sinks.jvm());
        } catch (IOException e) {
            throw new IllegalStateException(Messages.get("agent.cannot-start", e.getMessage()), e);
        }
    }

    /**
     * A JShell compiling for {@code agent} (just launched), with the session's imports and
     * {@code random} (seeded when {@code seed} is not null). Raises IllegalStateException when
     * the agent does not come up.
     */
    static JavaEngine start(AgentProcess agent, Long seed, Sinks sinks) {
        // The agent connects while JShell starts and compiles the imports, none of which needs it.
        CompletableFuture<AgentControl.Channel> connected = CompletableFuture.supplyAsync(() -> {
            try {
                Socket s = agent.connect();
                return (AgentControl.Channel) Util.remoteInputOutput(s.getInputStream(), s.getOutputStream(),
                        Map.of("out", sinks.out(), "err", sinks.err(), "note", sinks.note(), "info", sinks.info()),
                        Map.of(), (in, out) -> new AgentControl.Channel(out, in));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, CONNECTOR);
        AgentControl control = new AgentControl(agent, connected);
        ExecutionControlProvider provider = new ExecutionControlProvider() {
            @Override
            public String name() {
                return "aio-agent";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
        JShell shell;
        try {
            shell = JShell.builder().executionEngine(provider, null).build();
        } catch (RuntimeException e) {
            agent.kill(Messages.get("agent.did-not-start"));
            agent.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), e);
        }
        for (String imp : JavaSession.IMPORTS) {
            shell.eval(imp);
        }
        // The lessons' random numbers (the seed program's random.randint): seeded in playback.
        // The first snippet to run in the agent: it warms up both ends for the learner's first.
        List<SnippetEvent> random = shell.eval("Random random = new Random(" + (seed == null ? "" : seed + "L") + ");");
        if (random.isEmpty() || !random.get(0).status().isActive() || !agent.isAlive()) {
            agent.kill(Messages.get("agent.did-not-start"));
            agent.close();
            throw new IllegalStateException(agent.endReason());
        }
        JavaEngine engine = new JavaEngine(agent, shell, control, shell.snippets().toList());
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

    /**
     * Lets the learner's own classes win over the session's single-type imports: an import
     * whose simple name the learner has declared a type with is dropped, and put back once
     * that type is gone (else {@code Queue} would be ambiguous between aio and java.util).
     * Console thread, after each snippet.
     */
    void reconcileImports() {
        Set<String> declared = new HashSet<>();
        shell.types().filter(t -> shell.status(t).isActive() && !preamble.contains(t)).forEach(t -> declared.add(t.name()));
        for (Map.Entry<String, Snippet> e : namedImports.entrySet()) {
            boolean active = shell.status(e.getValue()).isActive();
            if (declared.contains(e.getKey()) && active) {
                shell.drop(e.getValue());
            } else if (!declared.contains(e.getKey()) && !active) {
                shell.eval(e.getValue().source()).stream().map(SnippetEvent::snippet).findFirst().ifPresent(again -> {
                    preamble.add(again);
                    e.setValue(again);
                });
            }
        }
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
