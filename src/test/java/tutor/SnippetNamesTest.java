package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JShell's names for the learner's code, as the console shows them; the tables JShell gives are tried in LearnerCorpusTest. */
class SnippetNamesTest {
    private final SnippetNames names = new SnippetNames();

    @Test
    void aFrameOfTheSnippetRunningNowIsItsLineOneWhenItHasOneLine() {
        names.evaluating("callSoon(() -> { throw new IllegalStateException(); })");
        assertEquals("\tat <lambda>(#24:1)", names.rewrite("\tat REPL.$JShell$24.lambda$do_it$$0($JShell$24.java:8)"));
        assertEquals("<Handle <lambda>() at #24:1>", names.rewrite("<Handle <lambda>() at $JShell$24.java>"));
    }

    @Test
    void aSnippetWithoutATableIsNamedWithoutALine() {
        names.evaluating("createTask(() -> {\n    sleep(1);\n})");
        assertEquals("coro=<<lambda>() running at #30>", names.rewrite("coro=<do_it$Aux.<lambda>() running at @JShell@30.java:8>"));
        assertEquals("coro=<<snippet>() running at #31>", names.rewrite("coro=<do_it$() running at $JShell$31.java:7>"));
    }

    @Test
    void framesJShellHasMappedAndClassNamesAreTheLearnersToo() {
        assertEquals("\tat <snippet>(#5:1)", names.rewrite("\tat REPL.$JShell$5.do_it$(#5:1)"));
        assertEquals("ClassCastException: Point cannot be cast", names.rewrite("ClassCastException: REPL.$JShell$24$Point cannot be cast"));
        assertEquals("plain text is left alone", names.rewrite("plain text is left alone"));
    }

    @Test
    void functionsAreNamedAsPythonNamesThem() {
        assertEquals("<lambda>", SnippetNames.function("lambda$do_it$$0"));
        assertEquals("spawn.<lambda>", SnippetNames.function("lambda$spawn$0"));
        assertEquals("<snippet>", SnippetNames.function("do_it$Aux"));
        assertEquals("tick", SnippetNames.function("tick"));
    }

    @Test
    void aNewJShellStartsItsNumbersAgain() {
        names.evaluating("x");
        names.forget();
        assertEquals("at #3", names.rewrite("at $JShell$3.java"));
    }
}
