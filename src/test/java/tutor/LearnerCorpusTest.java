package tutor;

import static tutor.ConsoleSurvivalTest.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What learners really type, off the happy path: Java and Python habits, a break in the middle
 * of an exercise, wrong answers. Each case was seen freezing the console, losing the learner's
 * work, or fooling a check; the lessons' own wrong solutions are played by {@link LessonsTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LearnerCorpusTest {
    @TempDir
    Path state;

    private static final String CTRL_C = "\u0003";

    // ---- 1. synchronized across an await ------------------------------------------------------

    @Test
    void synchronizedAroundAnAwaitIsExplainedAndCtrlCRecovers() {
        type("Object mon = new Object();",
                "void guarded() { synchronized (mon) { sleep(0.5); } }",
                "await(gather(createTask(() -> guarded()), createTask(() -> guarded())))" + CTRL_C)
                .shows("the loop is stuck: a task waits to enter a synchronized block in guarded\\(\\) whose lock another task holds"
                        + " while it awaits\\. .*use aio\\.Lock.*")
                .shows("Java restarted: it did not stop after Ctrl-C: .*")
                .stillAnswers();
    }

    // ---- 2. Python's await t, and any UnknownType x, never destroy t ------------------------------

    @Test
    void aFailingDeclarationNeverDestroysTheLearnersVariable() {
        type("var t = createTask(() -> { sleep(0.1); return 5; });",
                "await t",
                "Foo t;",
                "await(t)",
                ":vars")
                .shows("that is Python: in Java, await is a method: write await\\(t\\)")
                .shows("error: cannot find symbol: class Foo \\(your variable t is kept as it was\\)")
                .shows("\\$\\d+ ==> 5")
                .shows("  Task<Integer> t = <Task finished name='Task-1' coro=<<lambda>\\(\\) done, defined at #\\d+:1> result=5>")
                .stillAnswers();
    }

    // ---- 3. Python habits get one line in Java form, never a ...> prompt ------------------------

    @Test
    void pythonHabitsAreAnsweredInJavaForm() {
        ConsoleSurvivalTest.Session s = type("await sleep(1)", "await asyncio.sleep(1)", "asyncio.create_task(work())",
                "async def main():", "print(\"hi\")", "import asyncio", "async with asyncio.TaskGroup() as tg:");
        s.shows("that is Python: in Java, sleep\\(\\.\\.\\.\\) waits by itself: write sleep\\(1\\) \\(no await\\)")
                .shows("that is Python: no asyncio\\. prefix here, .*: write createTask\\(work\\(\\)\\)")
                .shows("that is Python: Java has no async def: .*")
                .shows("that is Python: print is Python's, write System\\.out\\.println\\(\"hi\"\\)")
                .shows("that is Python: aio is imported already .*")
                .shows("that is Python: Java has no async with: a task group is a lambda, taskGroup\\(tg -> .*")
                .stillAnswers(); // each line was answered on its own: none swallowed the next
        assertEquals(8, s.lines().size(), s.text());
    }

    @Test
    void aLongStringIsJavaNotAPythonHabitAndDoesNotOverflowTheStack() {
        type("String long22k = \"" + "ab".repeat(11_000) + "\"; long22k.length()")
                .shows("\\$\\d+ ==> 22000")
                .stillAnswers();
    }

    // ---- 4. catch (Exception e) does not swallow a cancellation --------------------------------------

    @Test
    void catchExceptionLetsACancellationThrough() {
        type("var c = createTask(() -> { try { sleep(10); } catch (Exception e) { System.out.println(\"swallowed\"); } return 1; });",
                "sleep(0); c.cancel(); sleep(0); c.cancelled()")
                .shows("\\$\\d+ ==> true")
                .stillAnswers();
    }

    // ---- 5. a learner who comes back can solve the exercise they resume at ------------------------------

    @Test
    void anExerciseResumedAfterABreakHasWhatItBuildsOn() throws Exception {
        Lesson three = LessonLibrary.load(LessonLibrary.folder()).find("3").orElseThrow();
        int exercise = three.stepOf(three.exercises().get(0));
        Files.writeString(state.resolve("progress.properties"), "lesson=3\nstep=" + exercise + "\nfinished=\n");
        // a new session: cook(...) was declared in the last one, by a step before the exercise
        type(Console.Settings.interactive(state),
                three.exercises().get(0).solution(),
                ":check")
                .shows(three.exercises().size() == 1 ? "✓ Solved: lesson 3 is done\\. :next goes on\\."
                        : "✓ Solved: exercise 1 of lesson 3 \\(1 of \\d+ solved\\)\\. :next goes on\\.")
                .stillAnswers();
    }

    @Test
    void resumingAtAnExerciseNeverStartsTheLessonsTasksAgain() throws Exception {
        Lesson demo = LessonLibrary.load(LessonParserTest.SAMPLES).find("1").orElseThrow();
        assertTrue(demo.steps().stream().anyMatch(st -> st.code().contains("var t = createTask(")),
                "the sample lesson starts a task in a step before its exercise");
        Files.writeString(state.resolve("progress.properties"), "lesson=1\nstep=" + demo.stepOf(demo.exercises().get(0)) + "\n");
        ConsoleSurvivalTest.Session s = type(Console.Settings.interactive(state).lessons(LessonParserTest.SAMPLES), "sleep(1.5)", "t");
        assertFalse(s.lines().contains("started"), "the step's task was started again behind the learner's back:\n" + s.text());
        s.shows("error: cannot find symbol: variable t").stillAnswers();
    }

    // ---- 6, 7. checks end with a verdict, at once on a virtual clock, and leave nothing running ------------

    @Test
    void aCheckOfCodeThatNeverFinishesGivesUpAndLeavesNoTask() {
        ConsoleSurvivalTest.Session s = type(Console.Settings.interactive(state),
                ":lesson 13",
                "int sumOfSquares(List<Integer> numbers, int workers) { var q = new Queue<Integer>(); int[] total = {0};"
                        + " for (int i = 0; i < workers; i++) createTask(() -> { while (true) { int n = q.get(); sleep(1);"
                        + " total[0] += n * n; } }); for (int n : numbers) q.putNowait(n); q.join(); return total[0]; }",
                ":check",
                ":tasks");
        s.shows("✗ Not yet: sumOfSquares\\(\\[1, 2, 3, 4, 5, 6\\], 3\\) had not returned after 30 s.*taskDone\\(\\).*");
        s.shows("no tasks are running on the loop");
        s.stillAnswers();
    }

    @Test
    void aCheckBeforeTheSolutionIsWrittenSaysWhatIsMissingNotACompilerError() {
        type(Console.Settings.interactive(state), ":lesson 3", ":check")
                .shows("✗ Not yet: the check calls breakfast\\(\\), which you have not written yet: the exercise asks for it \\(:hint helps\\)")
                .stillAnswers();
    }

    @Test
    void aCheckRunsOnAVirtualClockOfItsOwn() {
        // Seven seconds of sleeps, judged at once: the time in the verdict is exact only on a virtual clock.
        type(Console.Settings.interactive(state),
                ":lesson 3",
                "String cook(String dish, double seconds) { sleep(seconds); System.out.println(dish + \" is ready\"); return dish; }",
                "List<String> breakfast() { return List.of(cook(\"coffee\", 3), cook(\"toast\", 2), cook(\"eggs\", 2)); }",
                ":check")
                .shows("✗ Not yet: cooking everything at once should take 3 s \\(the coffee\\), not 7\\.0 s: .*")
                .stillAnswers();
    }

    // ---- 9. what the console shows is true: a Future shows itself, only await waits ------------------------

    @Test
    void anExpressionShowsItsValueAndOnlyAwaitWaits() {
        ConsoleSurvivalTest.Session s = type(
                "var ts = List.of(createTask(() -> { sleep(60); return 1; }));",
                "ts.get(0)",
                "gather(ts.get(0))",
                "getRunningLoop().createFuture()",
                "currentTask()",
                "ts.get(0).cancel()");
        s.shows("\\$\\d+ ==> <Task pending name='Task-1' coro=<<lambda>\\(\\) running at #\\d+:1> wait_for=<sleep 60 s, .*>>")
                .shows("\\$\\d+ ==> <Future pending>")
                .shows("\\$\\d+ ==> <Task pending name='snippet-\\d+' coro=<<snippet>\\(\\) running at #\\d+:1>>")
                .stillAnswers();
        assertFalse(s.text().contains("cannot await on itself"), s.text());
    }

    // ---- 10. advice in an error is true for the situation -------------------------------------------------

    @Test
    void sendTakesAPortOnlyFrom1024AndItsAdviceFitsTheSituation() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        type(":start-server 0", ":send 2 + 2", ":send hello " + closed)
                .shows("sent \\[2 \\+ 2\\] => received: \\[2 \\+ 2\\]")
                .shows("cannot connect to 127\\.0\\.0\\.1:" + closed + ": connection refused \\(the console's server listens on \\d+\\)")
                .stillAnswers();
    }

    // ---- 11. the console's own words are true --------------------------------------------------------------

    @Test
    void theLessonsListMarksWhereTheLearnerIsEvenInASolvedLesson() throws Exception {
        Files.writeString(state.resolve("progress.properties"), "lesson=2\nstep=0\nfinished=1,2\n");
        List<String> lines = type(Console.Settings.interactive(state), ":lessons").lines();
        assertTrue(lines.contains(" ▶✓  2. " + LessonLibrary.load(LessonLibrary.folder()).find("2").orElseThrow().title()), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  ✓  1. ")), lines.toString());
    }

    @Test
    void anUnfinishedSnippetTwoEmptyLinesLongIsGivenUp() {
        type("void f() {\n\n")
                .shows("\\(gave up the unfinished snippet; Ctrl-C at \\.\\.\\.> clears one too\\)")
                .stillAnswers();
    }

    // ---- 12. a failing task group says what failed ---------------------------------------------------------

    @Test
    void aTaskGroupsFailureListsItsSubExceptionsNestedGroupsIndented() {
        type("taskGroup(tg -> { tg.createTask(() -> { sleep(0.1); throw new IllegalStateException(\"boom\"); }); "
                + "tg.createTask(() -> taskGroup(inner -> { inner.createTask(() -> { throw new ArithmeticException(\"/ by zero\"); }); })); })")
                .shows("ExceptionGroup: unhandled errors in a TaskGroup \\(1 sub-exception\\)")
                .shows("    at line 1: taskGroup\\(tg -> .*")
                .shows("    1\\. ExceptionGroup: unhandled errors in a TaskGroup \\(1 sub-exception\\)")
                .shows("       1\\. ArithmeticException: / by zero")
                .stillAnswers();
    }

    // ---- 13. :tasks says what each task waits on, and where ------------------------------------------------

    @Test
    void theTaskListNamesThePrimitiveEachTaskWaitsOnAndTheLineItWaitsAt() {
        type("var lock = new aio.Lock(); var ready = new Event(); var q = new aio.Queue<Integer>();",
                "createTask(() -> { lock.acquire(); sleep(60); }, \"holder\");",
                "createTask(() -> {\n    lock.acquire();\n}, \"locked-out\");",
                "createTask(() -> { ready.await(); }, \"on-event\");",
                "createTask(() -> {\n    int n = 0;\n    n += q.get();\n}, \"on-queue\");",
                "sleep(0.1)",
                ":tasks")
                .shows("name +state +waiting on +age +at")
                .shows("holder +pending +<sleep 60 s, .*> +\\S+ s +line 1: createTask\\(\\(\\) -> \\{ lock\\.acquire\\(\\); sleep\\(60\\); \\}, \"holder\"\\);")
                .shows("locked-out +pending +Lock\\.acquire +\\S+ s +line 2: lock\\.acquire\\(\\);")
                .shows("on-event +pending +Event\\.await +\\S+ s +line 1: .*")
                .shows("on-queue +pending +Queue\\.get +\\S+ s +line 3: n \\+= q\\.get\\(\\);")
                .stillAnswers();
    }

    // ---- 14. a cancellation's message reaches the prompt ------------------------------------------------------

    @Test
    void awaitingATaskCancelledWithAMessageShowsTheMessageOnce() {
        // CPython 3.13: the first retrieval raises CancelledError('bye now'), later ones CancelledError()
        ConsoleSurvivalTest.Session s = type("var c = createTask(() -> sleep(10))", "c.cancel(\"bye now\")",
                "await(c)", "await(c)");
        s.shows("CancelledError: bye now").shows("CancelledError").stillAnswers();
    }

    // ---- 15. an else typed after its if ran ------------------------------------------------------------------

    @Test
    void anElseAfterItsIfRanIsExplainedNotACompilerPuzzle() {
        ConsoleSurvivalTest.Session s = type("boolean x = false;", "if (x) System.out.println(\"yes\");",
                "else System.out.println(\"no\");", "} else {");
        s.shows("this else has no if: the if before it was complete, so it ran when you pressed Enter\\. .*");
        assertEquals(2, s.lines().stream().filter(l -> l.startsWith("this else has no if")).count(), s.text());
        assertFalse(s.text().contains("reached end of file"), s.text());
        s.stillAnswers();
    }

    @Test
    void traceShowsAGroupsTreeWithoutTheRuntimesFrames() {
        ConsoleSurvivalTest.Session s = type("taskGroup(tg -> { tg.createTask(() -> { throw new IllegalStateException(\"boom\"); }); })",
                ":trace");
        s.shows("aio\\.ExceptionGroup: unhandled errors in a TaskGroup \\(1 sub-exception\\)")
                .shows("  1\\. java\\.lang\\.IllegalStateException: boom")
                .stillAnswers();
        assertFalse(s.text().contains("at aio."), s.text());
    }

    @Test
    void traceShowsEachSubExceptionsOwnFramesInTheLearnersCode() {
        ConsoleSurvivalTest.Session s = type("void tick() { throw new IllegalStateException(\"in tick\"); }",
                "taskGroup(tg -> { tg.createTask(() -> tick()); })", ":trace");
        s.shows("  1\\. java\\.lang\\.IllegalStateException: in tick")
                .shows("\\s+at tick\\(#\\d+:1\\)")
                .shows("\\s+at <lambda>\\(#\\d+:1\\)")
                .stillAnswers();
        assertFalse(s.text().contains("JShell"), s.text());
        assertEquals(0, s.lines().stream().filter(l -> l.matches("\\s+at tick.*")).count() - 1, "once, in :trace only: " + s.text());
    }

    @Test
    void traceShowsWhatCausedAnExceptionAndACallbacksErrorNamesItsArgument() {
        ConsoleSurvivalTest.Session s = type(
                "void load() { try { Integer.parseInt(\"x\"); } catch (NumberFormatException e) { throw new IllegalStateException(\"bad config\", e); } }",
                "load()", ":trace",
                "var f = getRunningLoop().createFuture(); f.addDoneCallback(d -> { throw new IllegalStateException(\"in callback\"); }); f.setResult(1);",
                "sleep(0.1)");
        s.shows("IllegalStateException: bad config")
                .shows("java\\.lang\\.IllegalStateException: bad config")
                .shows("Caused by: java\\.lang\\.NumberFormatException: For input string: \"x\"")
                .shows("\\s+at load\\(#\\d+:1\\)")
                .shows("Exception in callback <lambda>\\(<Future finished result=1>\\) at #\\d+:1")
                .stillAnswers();
    }

    // ---- 17. a failed task nobody can reach is reported, on one line, details in :trace ------------------------

    @Test
    void aFailedTaskNothingRefersToIsReportedOnOneLineWithItsDetailsInTrace() {
        ConsoleSurvivalTest.Session s = type("Task<?> t = createTask(() -> { throw new IllegalStateException(\"lost\"); })",
                "t = null",
                "#pause 1500",
                ":trace");
        s.shows("Task exception was never retrieved: Task-1 failed with IllegalStateException: lost \\(:trace shows where\\)")
                .shows("task: <Task finished name='Task-1' coro=<<lambda>\\(\\) done, defined at #\\d+:1> exception=IllegalStateException\\('lost'\\)>")
                .shows("\\s+at <lambda>\\(#\\d+:1\\)")
                .stillAnswers();
        assertFalse(s.text().contains("at aio."), s.text());
    }

    @Test
    void aFailedTaskStillInAVariableIsNotReportedAndTasksListsItAsFailed() {
        ConsoleSurvivalTest.Session s = type("Task<?> t = createTask(() -> { throw new IllegalStateException(\"kept\"); })",
                "#pause 1000",
                ":tasks");
        s.shows("failed since your last input:")
                .shows("  Task-1: IllegalStateException\\('kept'\\), \\S+ s ago")
                .stillAnswers();
        assertFalse(s.text().contains("never retrieved"), "t still refers to it: it may yet be retrieved\n" + s.text());
    }

    @Test
    void inDebugModeTheTaskListSaysWhereEachTaskWasCreated() {
        type("getRunningLoop().setDebug(true)",
                "var w = createTask(() -> sleep(30))",
                ":tasks")
                .shows("name +state +waiting on +age +created at +at")
                .shows("Task-1 +pending +<sleep 30 s, .*> +\\S+ s +<snippet>\\(#\\d+:1\\) +line 1: var w = createTask.*")
                .stillAnswers();
    }

    // ---- 18. reprs name the learner's code, never JShell's --------------------------------------------------------

    @Test
    void reprsNameTheSnippetAndLineNeverAJShellOrLambdaClass() {
        ConsoleSurvivalTest.Session s = type(
                "Coro<String> co = () -> \"x\"",
                "getRunningLoop().callSoon(() -> { throw new IllegalStateException(\"cb\"); })",
                "var w = createTask(() -> {\n    sleep(0.1);\n    sleep(30);\n})",
                "sleep(0.2)",
                "w",
                "allTasks()",
                "var srv = startServer((r, wr) -> wr.close(), \"127.0.0.1\", 0);",
                "var c = openConnection(\"127.0.0.1\", srv.sockets().get(0).getsockname().port())");
        s.shows("co ==> <lambda>\\(\\) at #\\d+:1")
                .shows("Exception in callback <lambda>\\(\\) at #\\d+:1")
                .shows("handle: <Handle <lambda>\\(\\) at #\\d+:1>")
                .shows("\\s+at <lambda>\\(#\\d+:1\\)")
                .shows("w ==> <Task pending name='Task-1' coro=<<lambda>\\(\\) running at #\\d+:2> wait_for=<sleep 0\\.10 s, .*>>")
                .shows("w ==> <Task pending name='Task-1' coro=<<lambda>\\(\\) running at #\\d+:3> wait_for=<sleep 30 s, .*>>")
                .shows("\\$\\d+ ==> \\[.*<Task pending name='snippet-\\d+' coro=<<snippet>\\(\\) running at #\\d+:1>>\\]")
                .shows("c ==> <Connection <SocketTransport peer=\\('127\\.0\\.0\\.1', \\d+\\) read=polling write=<idle, bufsize=0>>>")
                .stillAnswers();
        for (String hidden : List.of("$Lambda", "JShell", "do_it", "at aio.", "Connection[")) {
            assertFalse(s.text().contains(hidden), hidden + " in:\n" + s.text());
        }
    }

    // ---- 19. a method replaced while a task runs it ------------------------------------------------------------

    @Test
    void replacingAMethodARunningTaskCallsSaysTheTaskKeepsTheOldOneAndKeepsTheVariable() {
        ConsoleSurvivalTest.Session s = type("String fmt(int i) { return \"v1:\" + i; }",
                "var ticker = createTask(() -> { for (int i = 0; i < 100; i++) { System.out.println(fmt(i)); sleep(0.2); } })",
                "String fmt(int i) { return \"v2:\" + i; }",
                "fmt(9)",
                "ticker.cancel()");
        s.shows("replaced method fmt\\(int\\)")
                .shows("note: Task-1 keeps calling the old fmt\\(int\\): running code keeps what it was compiled with .*")
                .shows("\\$\\d+ ==> \"v2:9\"")
                .shows("\\$\\d+ ==> true") // ticker kept its task: JShell alone would have reset it to null
                .stillAnswers();
        assertFalse(s.text().contains("NullPointerException"), s.text());
    }

    // ---- 20. :clock: sleeps made instant, and back ---------------------------------------------------------------

    @Test
    void theClockCommandMakesSleepsInstantAndKeepsTheLearnersDefinitions() {
        type(":clock", "int kept = 7;", ":clock virtual", "var t0 = time(); sleep(60); time() - t0", "kept",
                ":clock virtual", ":clock", ":clock real", ":clock sideways")
                .shows("clock: real \\(sleep\\(1\\) takes a second\\)\\. :clock virtual makes sleeps instant\\.")
                .shows("clock: virtual now: sleeps take no time, and time\\(\\) moves by exactly what was slept\\. "
                        + "Restored 1 variable; its tasks are gone\\.")
                .shows("\\$\\d+ ==> 60\\.0")
                .shows("kept ==> 7")
                .shows("the clock is virtual already")
                .shows("clock: virtual \\(sleeps take no time\\)\\. :clock real puts the real one back\\.")
                .shows("clock: real now: sleep\\(1\\) takes a second\\. Restored 2 variables; its tasks are gone\\.")
                .shows(":clock takes virtual or real \\(or nothing, to say which runs\\)")
                .stillAnswers();
    }

    // ---- 21. :save and :open, as jshell's /save and /open ------------------------------------------------------

    @Test
    void savedSnippetsComeBackWithOpenAfterAReset() throws Exception {
        Path file = state.resolve("work.jsh");
        type("int kept = 7;", "String hello(String who) { return \"hi \" + who; }", "int broken = \"no\";",
                "String hello(String who) { return \"hello \" + who; }",
                ":save " + file, ":reset", ":open " + file, "hello(\"bob\") + kept",
                ":open " + state.resolve("nowhere.jsh"), ":save", ":save " + state.resolve("no/such/dir/x.jsh"), ":edit")
                .shows("saved 2 snippets to " + java.util.regex.Pattern.quote(file.toString()))
                .shows("a fresh Java is running: .*")
                .shows("\\$\\d+ ==> \"hello bob7\"")
                .shows("cannot open .*nowhere\\.jsh: there is no such file")
                .shows(":save takes a file name: :save work\\.jsh")
                .shows("cannot save to .*x\\.jsh: .*")
                .shows(":edit needs a terminal \\(here input comes from a pipe\\): use :open FILE")
                .stillAnswers();
        assertEquals("int kept = 7;\nString hello(String who) { return \"hello \" + who; }\n", Files.readString(file),
                "the replaced method once, in its last form; the snippet that did not compile left out");
    }

    // ---- 22. :loop, the event loop one iteration at a time ------------------------------------------------------

    @Test
    void theLoopCommandPrintsEveryIterationOfTheLastInputWhereNoKeysCanStep() {
        ConsoleSurvivalTest.Session s = type(":loop", ":clock virtual",
                "{ var a = createTask(() -> sleep(1, \"a\"), \"a\"); createTask(() -> sleep(0), \"b\"); System.out.println(await(a)); }",
                ":loop");
        s.shows("no Java has run yet: type some, then :loop replays how the loop ran it")
                .shows("iteration 1 of 6 · time 0\\.000 s")
                .shows("  runs: +snippet-\\d+ awaits task a")
                .shows("iteration 2 of 6 · time 0\\.000 s")
                .shows("  ready: +a")
                .shows(" +b")
                .shows("  runs: +a sleeps: <sleep 1 s, 1\\.0 s left>")
                .shows(" +b gives its turn back \\(sleep\\(0\\)\\): it is ready again")
                .shows("  timers: +a wakes from sleep 1 s, at 1\\.000 s")
                .shows("iteration 4 of 6 · time 1\\.000 s")
                .shows("  runs: +callback: a wakes from sleep 1 s")
                .shows("  runs: +a finishes, returning 'a'")
                .shows("iteration 6 of 6 · time 1\\.000 s")
                .stillAnswers();
        assertFalse(s.text().contains("Value["), s.text());
        assertFalse(s.text().contains("not kept"), s.text());
    }

    // ---- 23. the review's tmux session: a habit, a restart, :tasks after it, Ctrl-C, a wrong answer, :loop ----------

    @Test
    void afterARestartTheTaskListStillFindsTheLineAndAWrongAnswerHearsEveryFailure() throws Exception {
        Lesson four = LessonLibrary.load(LessonLibrary.folder()).find("4").orElseThrow();
        Files.writeString(state.resolve("progress.properties"), "lesson=4\nstep=" + four.stepOf(four.exercises().get(0)) + "\n");
        ConsoleSurvivalTest.Session s = type(Console.Settings.interactive(state),
                "var t = createTask(() -> {\n    sleep(60);\n})",
                "await t",
                "System.exit(2)",
                "var u = createTask(() -> {\n    int n = 0;\n    sleep(60);\n})",
                ":tasks",
                "while (true) { }" + CTRL_C,
                "List<Object> fetchAll(List<Integer> ids) { return List.of(); }",
                ":check",
                ":loop");
        s.shows("that is Python: in Java, await is a method: write await\\(t\\)")
                .shows("Java restarted: the Java process ended \\(exit status 2\\)\\..*")
                .shows("u ==> <Task pending name='Task-1' coro=<<lambda>\\(\\) running at #\\d+:3> wait_for=<sleep 60 s, .*>>")
                .shows("Task-1 +pending +<sleep 60 s, .*> +\\S+ s +line 3: sleep\\(60\\);")
                .shows("cancelled \\(Ctrl-C\\).*")
                .shows("✗ Not yet: the pages, in the order of the ids: expected \\[page 3, page 1, page 2\\], got \\[\\]")
                .shows("✗ Also: three fetches at once should take 3 s .*")
                .shows("iteration 1 of \\d+ · time .*")
                .stillAnswers();
    }

    // ---- 16. one session as tried in tmux: a habit, :tasks, a restart in the middle, a failing group ------------

    @Test
    void aSessionWithAHabitATaskListARestartAndAFailingGroup() {
        ConsoleSurvivalTest.Session s = type("var lock = new aio.Lock(); lock.acquire();",
                "var t = createTask(() -> { lock.acquire(); return 1; })",
                "await t",
                ":tasks",
                "System.exit(2)",
                ":tasks",
                "taskGroup(tg -> { tg.createTask(() -> 1 / 0); })");
        s.shows("that is Python: in Java, await is a method: write await\\(t\\)")
                .shows("Task-1 +pending +Lock\\.acquire +\\S+ s +line 1: var t = createTask.*")
                .shows("Java restarted: the Java process ended \\(exit status 2\\)\\..*")
                .shows("no tasks are running on the loop")
                .shows("    1\\. ArithmeticException: / by zero")
                .stillAnswers();
    }

    // ---- 24. tried in tmux: many tasks made on one line, gathered after they finished ------------------------------

    @Test // each statement is a snippet of its own: the tasks have all run when gather sees them (it took minutes)
    void aLineThatMakesTwoHundredThousandTasksAndGathersThemAnswers() {
        ConsoleSurvivalTest.Session s = type("var ts = new java.util.ArrayList<Task<Void>>(); "
                + "for (int i = 0; i < 200_000; i++) ts.add(createTask(() -> sleep(0))); await(gather(ts)).size()");
        s.shows("\\$\\d+ ==> 200000").stillAnswers();
    }
}
