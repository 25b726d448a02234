package tutor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code --aot-training}: walks the console's start-up (terminal, line editor, highlighter,
 * commands) and a first few snippets without a person at a terminal, and leaves. run.sh runs
 * it once after a build on JDK 25 and newer with {@code -XX:AOTCacheOutput}, so the JDK's
 * ahead-of-time cache holds the classes and linked lambdas a first prompt needs: loading them
 * is most of the time from {@code ./run.sh} to the prompt (./run.sh bench). With
 * {@value #AGENT_OUTPUT} set, the agent it starts trains a cache of its own there (the agent is
 * a JVM of its own: the snippets' loop, the server).
 */
final class AotTraining {
    /** The property naming where the agent's cache is to be written. */
    static final String AGENT_OUTPUT = "aio.tutor.agent.aot.output";

    private AotTraining() {
    }

    static int run() {
        try (Terminal system = TerminalBuilder.builder().system(true).providers("jni,exec").ffm(false).dumb(true).build()) {
            system.getType(); // loads the providers, as a real start does (this one is dumb: no terminal here)
        } catch (IOException | RuntimeException e) {
            // nothing to learn from this one
        }
        String agentCache = System.getProperty(AGENT_OUTPUT, "");
        Console.Settings settings = Console.Settings.interactive(null);
        if (!agentCache.isEmpty()) {
            settings = settings.agentJvm(List.of("-XX:AOTCacheOutput=" + agentCache, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        try {
            Terminal terminal = TerminalBuilder.builder().system(false).provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                    .streams(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream())
                    .type("xterm-256color").build();
            try (Console console = new Console(c -> new TerminalIO(terminal, c, true, null), settings)) {
                JavaHighlighter.highlight("var t = createTask(() -> { sleep(1); return \"x\"; }); // :send");
                console.print(Style.INFO, "warm");
                console.commands().find(":help");
                console.java("var t = createTask(() -> { sleep(0.01); return \"x\"; });");
                console.java("await(gather(t, createTask(() -> 1)))");
                console.command(":start-server 0");
                console.command(":send warm");
                console.command(":tasks");
                console.command(":stop-server");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Main.EX_OK;
    }
}
