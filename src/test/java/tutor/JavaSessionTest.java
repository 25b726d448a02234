package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JShell behind the console: splitting input, running snippets on the agent's loop, completion. */
public class JavaSessionTest {
    static JavaSession session;
    /** What the agent printed, and the session's notices. */
    static final java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        session = new JavaSession(JavaSession.Settings.interactive(), sinks(printed), line -> { });
    }

    /** Every channel of the agent into one stream. */
    static JavaEngine.Sinks sinks(java.io.OutputStream all) {
        java.io.OutputStream shared = new java.io.OutputStream() {
            @Override
            public synchronized void write(int b) throws java.io.IOException {
                all.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
                all.write(b, off, len);
            }
        };
        return new JavaEngine.Sinks(shared, shared, shared, shared, line -> { });
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    static String run(String input) {
        return session.eval(input).lines().stream().map(JavaSession.Line::text).collect(Collectors.joining("\n"));
    }

    @Test
    void snippetsRunInTheAgentsJvmOnItsLoop() {
        // Not in this JVM: nothing a snippet does can reach the console.
        assertEquals("elsewhere ==> true", run("boolean elsewhere = ProcessHandle.current().pid() != "
                + ProcessHandle.current().pid() + "L;"));
        assertEquals("t ==> \"aio-loop\"", run("sleep(0.01); String t = Thread.currentThread().getName();"));
    }

    @Test
    void inputIsSplitIntoSnippetsAndAnUnfinishedRest() {
        JavaSession.Split s = session.split("int a = 1; int b = 2;\nvoid f() {");
        assertEquals(List.of("int a = 1;", "int b = 2;"), s.snippets().stream().map(String::strip).toList());
        assertTrue(s.incomplete());
        assertEquals("void f() {", s.rest().strip());
        assertTrue(session.needsMore("for (int i = 0; i < 3; i++) {"));
        assertFalse(session.needsMore("1 + 1"), "an expression needs no semicolon");
        assertFalse(session.needsMore("int x = ;"), "broken Java is complete: the compiler reports it");
    }

    @Test
    void anExpressionsFutureShowsItselfOnlyAwaitWaits() {
        // As python -m asyncio: a Future typed bare is shown, not awaited
        String shown = run("createTask(() -> { sleep(0.5); return 7; })");
        assertTrue(shown.matches("\\$\\d+ ==> <Task pending name='Task-\\d+' coro=<<lambda>\\(\\) running at #\\d+:1> wait_for=<sleep 0.50 s, .*>>"), shown);
        String kept = run("var kept = createTask(() -> { sleep(0.01); return 7; });");
        assertTrue(kept.startsWith("kept ==> <Task pending name="), kept);
        assertEquals("$" + "x ==> 7", run("await(kept)").replaceAll("^\\$\\d+", "\\$x"));
        String own = run("currentTask()");
        assertTrue(own.matches("\\$\\d+ ==> <Task pending name='snippet-\\d+' coro=<<snippet>\\(\\) running at #\\d+:1>>"),
                "the snippet's own task is running: " + own);
    }

    @Test
    void aVariablesBareNameShowsTheTaskItself() {
        run("var shown = createTask(() -> { sleep(30); return 7; });");
        assertTrue(run("shown").startsWith("shown ==> <Task pending name="), run("shown"));
        assertTrue(run("allTasks()").startsWith("$"), "a set holding the snippet's own task prints (no endless repr)");
        run("shown.cancel();");
    }

    @Test
    void anErrorOnALaterLineOfTheInputNamesItsText() {
        JavaSession.Outcome o = session.eval("var yy = 2;\nInteger.parseInt(\"qq\")");
        assertEquals("    at line 1: Integer.parseInt(\"qq\")", o.lines().get(o.lines().size() - 1).text());
    }

    @Test
    void aLoopMadeAndClosedInASnippetLeavesTheConsolesLoopAlone() {
        run("var inner = newEventLoop();");
        assertTrue(run("inner.runUntilComplete(() -> 42)").startsWith("IllegalStateException: Cannot run the event loop while another"),
                run("inner.runUntilComplete(() -> 42)"));
        run("inner.createTask(() -> { sleep(1); return 1; });");
        run("inner.close();");
        assertEquals("back ==> \"aio-loop\"", run("sleep(0.01); String back = Thread.currentThread().getName();"));
    }

    @Test
    void failuresAreDescribedNotThrown() {
        JavaSession.Outcome o = session.eval("int y = nope + 1;");
        assertTrue(o.failed());
        assertEquals(List.of("error: cannot find symbol: variable nope", "    int y = nope + 1;", "            ^"),
                o.lines().stream().map(JavaSession.Line::text).toList());
        JavaSession.Outcome ex = session.eval("Object o = null; o.hashCode();");
        assertTrue(ex.failed());
        assertTrue(ex.lines().get(ex.lines().size() - 2).text().startsWith("NullPointerException"), ex.lines().toString());
        assertTrue(session.lastTrace().startsWith("java.lang.NullPointerException"), session.lastTrace());
    }

    @Test
    void stopsAtTheFirstFailingSnippet() {
        JavaSession.Outcome o = session.eval("int p = 1; int q = undefined; int r = 3;");
        assertTrue(o.failed());
        assertEquals("p ==> 1", o.lines().get(0).text());
        assertFalse(o.lines().stream().anyMatch(l -> l.text().startsWith("r ==>")), o.lines().toString());
    }

    @Test
    void completionKnowsTheRuntimeAndTheLearnersNames() {
        int[] anchor = new int[1];
        List<String> c = session.complete("Aio.sle", 7, anchor).stream().map(SourceCodeAnalysis.Suggestion::continuation).toList();
        assertTrue(c.contains("sleep("), c.toString());
        assertEquals(4, anchor[0]);
        run("int learnersOwnCounter = 0;");
        List<String> own = session.complete("learnersOwn", 11, anchor).stream().map(SourceCodeAnalysis.Suggestion::continuation).toList();
        assertEquals(List.of("learnersOwnCounter"), own);
        assertFalse(session.documentation("sleep(", 6).isEmpty());
    }

    /** Evaluates {@code input}, calling stop() (Ctrl-C) once it has run for a moment. */
    static JavaSession.Outcome stopped(String input) throws Exception {
        var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> session.eval(input));
        Thread.sleep(300);
        session.interrupt();
        return result.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void ctrlCStopsASnippetThatAwaitsOneThatLoopsAndOneThatBlocks() throws Exception {
        run("var ticks = new java.util.concurrent.atomic.AtomicInteger();");
        run("var ticker = createTask(() -> { while (true) { sleep(0.01); ticks.incrementAndGet(); } });");
        for (String runaway : List.of("sleep(30);", "while (true) { }", "Thread.sleep(30_000);")) {
            JavaSession.Outcome o = stopped(runaway);
            assertTrue(o.failed(), runaway);
            String first = o.lines().get(0).text();
            assertTrue(first.startsWith("cancelled (Ctrl-C)"), runaway + ": " + o.lines());
            if (runaway.startsWith("while")) {
                assertEquals("cancelled (Ctrl-C): it never awaited, so it was stopped where it ran", first);
            }
            if (runaway.startsWith("Thread")) {
                assertEquals("cancelled (Ctrl-C): it blocked the loop's thread, so the thread was interrupted", first);
            }
            // the loop is free again: the background task still ticks, a new snippet runs
            int before = Integer.parseInt(run("ticks.get()").replaceAll(".*==> ", ""));
            assertTrue(run("sleep(0.1); ticks.get()").matches("\\$\\d+ ==> \\d+"));
            int after = Integer.parseInt(run("ticks.get()").replaceAll(".*==> ", ""));
            assertTrue(after > before, runaway + ": the ticker stopped (" + before + " -> " + after + ")");
        }
        run("ticker.cancel();");
    }

    @Test
    void aBareWaitGetsAHint() {
        String out = run("var w = createTask(() -> 1);\nwait(List.of(w))");
        assertTrue(out.endsWith("hint: a bare wait(...) is Java's Object.wait: write Aio.wait(...)"), out);
        assertFalse(run("Aio.wait(List.of(w))").contains("hint:"));
    }

    @Test
    void javacMessagesFitOnOneLine() {
        assertEquals("cannot find symbol: variable y",
                SnippetReport.oneLine("cannot find symbol\n  symbol:   variable y\n  location: class"));
        assertEquals("';' expected", SnippetReport.oneLine("';' expected"));
        assertEquals("IllegalStateException", SnippetReport.shortName("java.lang.IllegalStateException"));
        assertEquals("CancelledError", SnippetReport.shortName("aio.CancelledError"));
        assertEquals("java.io.IOException", SnippetReport.shortName("java.io.IOException"));
        assertEquals("lecture.Thing", SnippetReport.shortName("lecture.Thing"));
    }
}
