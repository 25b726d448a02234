package aio.tutor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code --aot-training}: walks the console's start-up (terminal, line editor, highlighter,
 * loop, commands) without a person at a terminal and leaves. run.sh runs it once after a build
 * on JDK 25 and newer with {@code -XX:AOTCacheOutput}, so the JDK's ahead-of-time cache holds
 * the classes and linked lambdas a first prompt needs: loading them is most of the time from
 * {@code ./run.sh} to the prompt (./run.sh bench).
 */
final class AotTraining {
    private AotTraining() {
    }

    static int run() {
        try (Terminal system = TerminalBuilder.builder().system(true).providers("jni,exec").ffm(false).dumb(true).build()) {
            system.getType(); // loads the providers, as a real start does (this one is dumb: no terminal here)
        } catch (IOException | RuntimeException e) {
            // nothing to learn from this one
        }
        try {
            Terminal terminal = TerminalBuilder.builder().system(false).provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                    .streams(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream())
                    .type("xterm-256color").build();
            try (Console console = new Console(c -> new TerminalIO(terminal, c, true, null))) {
                JavaHighlighter.highlight("var t = createTask(() -> { sleep(1); return \"x\"; }); // :send");
                console.print(Style.INFO, "warm");
                console.commands().find(":help");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Main.EX_OK;
    }
}
