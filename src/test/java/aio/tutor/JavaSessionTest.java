package aio.tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aio.BackgroundLoop;

import java.util.List;
import java.util.stream.Collectors;

import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JShell behind the console: splitting input, running snippets on the loop, completion. */
public class JavaSessionTest {
    /** Public, so that a snippet can compare its loop with the console's. */
    public static BackgroundLoop loop;
    static JavaSession session;

    @BeforeAll
    static void start() {
        loop = new BackgroundLoop();
        session = new JavaSession(loop);
    }

    @AfterAll
    static void stop() {
        session.close();
        loop.close();
    }

    static String run(String input) {
        return session.eval(input).lines().stream().map(JavaSession.Line::text).collect(Collectors.joining("\n"));
    }

    @Test
    void snippetsShareTheConsolesClassesAndLoop() {
        // One copy of the runtime: the snippet's aio.EventLoop is the console's, on its thread.
        assertEquals("same ==> true", run("boolean same = getRunningLoop() == aio.tutor.JavaSessionTest.loop.loop();"));
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
    void anExpressionsFutureIsAwaitedADeclarationKeepsIt() {
        assertTrue(run("createTask(() -> { sleep(0.01); return 7; })").endsWith(" ==> 7"));
        String kept = run("var kept = createTask(() -> { sleep(0.01); return 7; });");
        assertTrue(kept.startsWith("kept ==> <Task pending name="), kept);
        assertEquals("$" + "x ==> 7", run("await(kept)").replaceAll("^\\$\\d+", "\\$x"));
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
        session.stop();
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
                JavaSession.oneLine("cannot find symbol\n  symbol:   variable y\n  location: class"));
        assertEquals("';' expected", JavaSession.oneLine("';' expected"));
        assertEquals("IllegalStateException", JavaSession.shortName("java.lang.IllegalStateException"));
        assertEquals("CancelledError", JavaSession.shortName("aio.CancelledError"));
        assertEquals("java.io.IOException", JavaSession.shortName("java.io.IOException"));
        assertEquals("aio.echo.Thing", JavaSession.shortName("aio.echo.Thing"));
    }
}
