package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a hostile, clumsy or curious learner types, and the console surviving each: the agent
 * that runs snippets may end, wedge or go silent, and the console answers the next input all
 * the same, with one line saying what happened. Each case was seen ending, wedging or
 * silencing the console when snippets ran in its own JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleSurvivalTest {

    /** Ctrl-C once, this long after the line is typed; or twice, the second after a further pause. */
    private static final String CTRL_C = "\u0003";
    private static final String CTRL_C_TWICE = "\u0003\u0003";
    /** Ctrl-C pressed a moment after the line is typed: while Java is still starting, on a first input. */
    private static final String CTRL_C_AT_ONCE = "\u0003\u0000";
    /** "#pause 500": the learner waits at the prompt that long before typing the next line. */
    private static final String PAUSE = "#pause ";
    /** A snippet that says it has started: Ctrl-C is pressed a second after it did. */
    private static final String STARTED = "System.out.println(\"started\"); ";

    /**
     * A learner at the console: types the script's lines one after another. A line ending in
     * {@link #CTRL_C} is typed, then Ctrl-C is pressed a second later, or a second after the
     * snippet printed "started" if it begins with {@link #STARTED} (twice for
     * {@link #CTRL_C_TWICE}, the second once the console said the snippet is still running);
     * {@link #CTRL_C_AT_ONCE} presses it at once.
     */
    static final class Learner implements ConsoleIO {
        private final Deque<String> script;
        private final List<String> printed = new ArrayList<>();
        private volatile Runnable ctrlC = () -> { };

        Learner(List<String> script) {
            this.script = new ArrayDeque<>(script);
        }

        /** How many lines had been printed when each line was typed. */
        final List<Integer> printedAtEachRead = new ArrayList<>();

        @Override
        public String read() {
            String line = script.poll();
            while (line != null && line.startsWith(PAUSE)) {
                try {
                    Thread.sleep(Long.parseLong(line.substring(PAUSE.length())));
                } catch (InterruptedException e) {
                    return null;
                }
                line = script.poll();
            }
            printedAtEachRead.add(printed().size());
            if (line == null) {
                return null;
            }
            if (line.endsWith(CTRL_C_AT_ONCE)) {
                String typed = line.substring(0, line.length() - CTRL_C_AT_ONCE.length());
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(200); // the console has begun to run it: Java takes longer to start
                        ctrlC.run();
                    } catch (InterruptedException e) {
                        // the test is over
                    }
                });
                return typed;
            }
            int presses = line.endsWith(CTRL_C_TWICE) ? 2 : line.endsWith(CTRL_C) ? 1 : 0;
            if (presses > 0) {
                line = line.substring(0, line.length() - presses);
                boolean saysStarted = line.startsWith(STARTED);
                int before = printed().size();
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        if (saysStarted) {
                            waitForLine(before, "started");
                        }
                        Thread.sleep(1_000);
                        ctrlC.run();
                        if (presses == 2) {
                            waitForLine(before, "still running after Ctrl-C.*");
                            ctrlC.run();
                        }
                    } catch (InterruptedException e) {
                        // the test is over
                    }
                });
            }
            return line;
        }

        @Override
        public synchronized void print(Style style, String text) {
            printed.add(text);
        }

        synchronized List<String> printed() {
            return List.copyOf(printed);
        }

        /** Waits (at most a minute) until a line printed after the first {@code from} matches {@code regex}. */
        private void waitForLine(int from, String regex) throws InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                List<String> now = printed();
                if (now.subList(Math.min(from, now.size()), now.size()).stream().anyMatch(l -> l.matches(regex))) {
                    return;
                }
                Thread.sleep(20);
            }
        }

        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public boolean colour() {
            return false;
        }

        @Override
        public void onInterrupt(Runnable action) {
            ctrlC = action;
        }

        @Override
        public void close() {
        }
    }

    record Session(int status, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }

        /** Asserts some line matches {@code regex}. */
        Session shows(String regex) {
            Pattern p = Pattern.compile(regex);
            assertTrue(lines.stream().anyMatch(l -> p.matcher(l).matches()), "no line like " + regex + " in:\n" + text());
            return this;
        }

        /** Asserts the console still answered at the end: the last line is the answer to 1+1. */
        Session stillAnswers() {
            assertTrue(!lines.isEmpty() && lines.get(lines.size() - 1).matches("\\$\\d+ ==> 2"),
                    "the console did not answer 1+1 at the end:\n" + text());
            return this;
        }
    }

    static Session type(String... lines) {
        return type(Console.Settings.interactive(null).lessons(LessonParserTest.SAMPLES), lines);
    }

    /** Types {@code lines}, then {@code 1+1}, at a console with these settings. */
    static Session type(Console.Settings settings, String... lines) {
        List<String> script = new ArrayList<>(List.of(lines));
        script.add("1+1");
        Learner learner = new Learner(script);
        int status;
        try (Console console = new Console(c -> learner, settings)) {
            status = console.run();
        }
        return new Session(status, learner.printed());
    }

    // ---- what ended the console --------------------------------------------------

    @Test
    void exitAndHaltEndOnlyTheirJavaAndTheLearnersDefinitionsComeBack() {
        Session s = type(
                "int kept = 7;",
                "String name = \"ada\";",
                "void hello() { System.out.println(\"hi \" + name + \" \" + kept); }",
                "var t = createTask(() -> 1);",
                "System.exit(3)",
                "hello()",
                "Runtime.getRuntime().halt(1)",
                "hello()");
        s.shows("Java restarted: the Java process ended \\(exit status 3\\)\\. Restored 2 variables and 1 method; "
                + "t is null now; its tasks are gone\\.");
        s.shows("Java restarted: the Java process ended \\(exit status 1\\)\\. Restored 2 variables and 1 method; "
                + "t is null now; its tasks are gone\\.");
        assertEquals(2, s.lines().stream().filter(l -> l.equals("hi ada 7")).count(), s.text());
        s.stillAnswers();
    }

    @Test
    void whatASnippetDoesToItsStreamsLastsUntilTheNextSnippet() {
        type("System.setErr(null);", "System.err.println(\"err is back\")",
                "System.setOut(null);", "System.out.println(\"out is back\")",
                "System.out.close();", "System.out.println(\"out is back again\")",
                "System.in.close();", "new Scanner(System.in).nextLine()")
                .shows("err is back").shows("out is back").shows("out is back again")
                .shows("java.util.NoSuchElementException: No line found") // no keyboard to wait for
                .stillAnswers();
    }

    @Test
    void aClassPathASnippetChangedDoesNotReachTheNextJava() {
        type("System.setProperty(\"java.class.path\", \"/nowhere\");", ":reset", "sleep(0)",
                "System.clearProperty(\"java.class.path\");", ":reset")
                .shows("a fresh Java is running: .*")
                .stillAnswers();
    }

    @Test
    void theCompilerNeverTakesTheConsoleDown() {
        String sum = "int x = " + String.join("+", java.util.Collections.nCopies(2_000, "1")) + ";";
        type(sum, "String big = \"" + "x".repeat(70_000) + "\";", "2 + 3")
                .shows("x ==> 2000")
                .shows("error: a string constant can hold at most 65,535 bytes and this snippet's has 70,000: .*")
                .shows("\\$\\d+ ==> 5")
                .stillAnswers();
    }

    // ---- what wedged it -------------------------------------------------------------

    @Test
    void ctrlCEndsWhatTheLoopCannotStop() {
        Session s = type(
                "LongStream.range(0, Long.MAX_VALUE).sum()" + CTRL_C,
                "new java.net.ServerSocket(0).accept()" + CTRL_C,
                "Object mon = new Object();",
                "void guarded() { synchronized (mon) { sleep(0.5); } }",
                "gather(createTask(() -> guarded()), createTask(() -> guarded()))" + CTRL_C);
        s.shows("Java restarted: it did not stop after Ctrl-C: the loop's thread is busy in LongPipeline\\.sum\\..*");
        s.shows("Java restarted: it did not stop after Ctrl-C: the loop's thread is busy in ServerSocket\\.accept\\..*");
        s.shows("Java restarted: it did not stop after Ctrl-C: the loop's thread is waiting to enter a synchronized block"
                + ".* a suspended task holds .*use aio\\.Lock.*Restored 1 method; mon is null now.*");
        s.stillAnswers();
    }

    @Test
    void ctrlCStopsWhatTheLoopCanStopWithoutARestart() {
        Session s = type(
                "sleep(60)" + CTRL_C,
                "while (true) { }" + CTRL_C,
                "Thread.sleep(60_000);" + CTRL_C);
        List<String> said = s.lines().stream().filter(l -> !l.startsWith("Executing <Task")).toList(); // slow steps are named too
        assertEquals(List.of("cancelled (Ctrl-C)",
                "cancelled (Ctrl-C): it never awaited, so it was stopped where it ran",
                "cancelled (Ctrl-C): it blocked the loop's thread, so the thread was interrupted"),
                said.subList(0, 3), s.text());
        assertFalse(s.text().contains("Java restarted"), s.text());
        s.stillAnswers();
    }

    @Test
    void aSecondCtrlCLeavesASnippetThatCatchesItsCancellationRunning() {
        // STARTED is snippet-1 of the input, the try snippet-2
        type(STARTED + "try { sleep(60); } catch (CancelledError e) { sleep(60); }" + CTRL_C_TWICE, ":tasks")
                .shows("still running after Ctrl-C: the loop is free, .*Ctrl-C again leaves it running in the background")
                .shows("left running in the background as snippet-2 \\(Ctrl-C twice\\): :tasks shows it")
                .shows("snippet-2 +cancelling +<sleep 60 s, .*")
                .stillAnswers();
    }

    @Test
    void aBackgroundTasksUnfinishedLineShowsAtThePromptWithoutWaitingForANewline() {
        Learner learner = new Learner(List.of(
                "createTask(() -> { sleep(0.2); System.out.print(\"bg-no-newline\"); })",
                PAUSE + "1500",
                "1+1"));
        try (Console console = new Console(c -> learner, Console.Settings.interactive(null).lessons(LessonParserTest.SAMPLES))) {
            console.run();
        }
        List<String> printed = learner.printed();
        int shown = printed.indexOf("bg-no-newline");
        assertTrue(shown >= 0, printed.toString());
        // printed while the learner waited at the prompt, before "1+1" was typed
        assertTrue(shown < learner.printedAtEachRead.get(1), printed + " " + learner.printedAtEachRead);
    }

    @Test
    void ctrlCWhileJavaIsStillStartingStopsTheInputBeforeItRuns() {
        // The first input waits for Java to start; a Ctrl-C pressed then used to be lost, and the
        // snippet slept its minute. Now it is kept for the input, which is cancelled (before it
        // runs, or at once if Java was quicker than the press).
        Session s = type("sleep(60)" + CTRL_C_AT_ONCE);
        assertEquals("cancelled (Ctrl-C)", s.lines().get(0), s.text());
        s.stillAnswers();
    }

    /** A task that blocks the loop's thread a moment after the prompt is back. */
    private static final String BLOCKER = "var stuck = createTask(() -> { sleep(0.2); Thread.sleep(1_000_000); return 1; });";

    @Test
    void ctrlCFreesALoopABackgroundTaskBlocks() {
        // The snippet waits for the loop, which the task holds in Thread.sleep (snippet code):
        // Ctrl-C interrupts the loop's thread, the task fails, the loop goes on.
        type(BLOCKER, "sleep(1)" + CTRL_C)
                .shows("cancelled \\(Ctrl-C\\): it blocked the loop's thread, so the thread was interrupted")
                .stillAnswers();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // it used to wait forever: at :tasks, at :quit
    void aBlockedLoopNeverHoldsUpACommandOrQuit() {
        type(BLOCKER, "int pause() throws Exception { Thread.sleep(500); return 1; }", "pause()", ":tasks", ":quit")
                .shows("the event loop did not answer within 2 s: the loop's thread is waiting in Thread\\.sleep \\(:reset starts afresh\\)");
    }

    @Test
    void aRunawayTaskStartedBeforeResetEndsWithItsJava() {
        type("var spin = createTask(() -> { sleep(0.2); while (true) { } });", "Thread.sleep(500);", ":reset",
                "while (true) { }" + CTRL_C)
                .shows("a fresh Java is running: .*")
                .shows("cancelled \\(Ctrl-C\\): it never awaited, so it was stopped where it ran")
                .stillAnswers();
    }

    // ---- what silenced it --------------------------------------------------------------

    @Test
    void aLoopThatIsStoppedOrWhoseThreadDiesIsReplaced() {
        type("getRunningLoop().stop()",
                "getRunningLoop().setLogger(s -> { throw new RuntimeException(\"boom\"); })",
                "getRunningLoop().callSoon(() -> { throw new IllegalStateException(\"x\"); })",
                "sleep(0.1)")
                .shows("Java restarted: the event loop was stopped \\(a snippet called stop\\(\\) on it\\)\\. .*")
                .shows("Java restarted: the event loop's thread died: RuntimeException: boom\\. .*")
                .stillAnswers();
    }

    // ---- what burnt a core -----------------------------------------------------------------

    @Test
    void anInterruptLeftOnTheLoopsThreadIsHarmless() {
        // It used to leave the loop spinning through select() (see LoopThreadInterruptTest).
        type("Thread.currentThread().interrupt();", "sleep(0.3); 40 + 2")
                .shows("\\$\\d+ ==> 42")
                .stillAnswers();
    }

    // ---- what reached into it ------------------------------------------------------------

    @Test
    void aSnippetRunsInAnotherProcessAndCannotClearThePipesFailure() {
        Session s = type("int broken = nope;",
                "ProcessHandle.current().pid() == " + ProcessHandle.current().pid() + "L");
        s.shows("\\$\\d+ ==> false");
        assertEquals(1, s.status(), "a failure before stays a failure: nothing a snippet does reaches the console");
    }

    // ---- also found ---------------------------------------------------------------------------

    @Test
    void theLearnersOwnClassesWinOverTheSessionsImports() {
        type("class Queue { int size() { return 42; } }", "new Queue().size()", "record Event(int x) {}", "new Event(3)")
                .shows("created class Queue").shows("\\$\\d+ ==> 42").shows("created record Event").shows("\\$\\d+ ==> Event\\[x=3\\]")
                .stillAnswers();
    }

    @Test
    void declarationsThatCannotBeUsedYetAreSaidAndListed() {
        type("Foo x;", ":vars", "int f() { return 1; }", "var y = f();", "String f() { return \"a\"; }", ":vars")
                .shows("created variable x, but it cannot be used until class Foo is declared")
                .shows("  Foo x \\(cannot be used until class Foo is declared\\)")
                .shows("update: variable y cannot be used: incompatible types: java.lang.String cannot be converted to int")
                .shows("  int y \\(cannot be used: incompatible types: .*\\)")
                .stillAnswers();
    }
}
