package aio.tutor;

import aio.BackgroundLoop;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * The learner's Java: a JShell that runs in this JVM (so snippets share the runtime's classes
 * and the console's loop) and runs every snippet as a task on that loop
 * ({@link LoopExecutionControl}). It takes input as typed, splits it into snippets, evaluates
 * them in order and describes each outcome as {@link Line}s the way the jshell tool would:
 * {@code $1 ==> 42}, {@code x ==> [a, b]}, a compile error with a caret under its column.
 */
final class JavaSession implements AutoCloseable {

    /**
     * What every session imports. aio's classes whose names java.util or
     * java.util.concurrent also use (Queue, PriorityQueue, Future, Semaphore) are imported by
     * name as well, since a single-type import wins over on-demand ones.
     */
    static final List<String> IMPORTS = List.of(
            "import aio.*;",
            "import static aio.Aio.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.concurrent.atomic.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.time.*;",
            "import java.io.*;",
            "import java.nio.*;",
            "import java.nio.charset.*;",
            "import java.nio.file.*;",
            "import aio.tutor.Check;",
            "import aio.Queue;",
            "import aio.PriorityQueue;",
            "import aio.LifoQueue;",
            "import aio.Future;",
            "import aio.Semaphore;",
            "import aio.Lock;",
            "import aio.Condition;",
            "import aio.Event;");

    /** One line of what a snippet did, with its kind so the console can colour it. */
    record Line(Kind kind, String text) {
        enum Kind { VALUE, INFO, ERROR }
    }

    /** Input cut into complete snippets, and what is left over when the input is not finished. */
    record Split(List<String> snippets, String rest) {
        boolean incomplete() {
            return !rest.isBlank();
        }
    }

    /** The outcome of evaluating some input: its lines, and whether any snippet failed. */
    record Outcome(List<Line> lines, boolean failed) {
    }

    private final BackgroundLoop loop;
    private final boolean settle;
    private final Long seed;
    private JShell shell;
    private LoopExecutionControl control;
    private volatile String lastTrace = "";

    JavaSession(BackgroundLoop loop) {
        this(loop, false, null);
    }

    /**
     * @param settle playback: each snippet ends only once the loop has nothing left to run
     * @param seed   the seed of the {@code random} the session declares; null for an unseeded one
     */
    JavaSession(BackgroundLoop loop, boolean settle, Long seed) {
        this.loop = loop;
        this.settle = settle;
        this.seed = seed;
        start();
    }

    private void start() {
        control = new LoopExecutionControl(loop, settle);
        shell = JShell.builder()
                .executionEngine(LoopExecutionControl.provider(control), null)
                .out(System.out)
                .err(System.err)
                .build();
        // The runtime and its dependencies, for the compiler; the classes themselves come
        // from the application class loader, the parent of JShell's, so there is one copy.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        for (String imp : IMPORTS) {
            shell.eval(imp);
        }
        // The lessons' random numbers (the seed program's random.randint): seeded in playback.
        shell.eval("Random random = new Random(" + (seed == null ? "" : seed + "L") + ");");
    }

    /** Runs a trivial snippet so the compiler and the engine are warm for the learner's first. */
    void warmUp() {
        eval("int $warmUp = 1 + 1;");
        shell.variables().filter(v -> v.name().equals("$warmUp")).findFirst().ifPresent(shell::drop);
    }

    /** Forgets every snippet and starts a fresh JShell; the loop and its tasks keep running. */
    void reset() {
        JShell old = shell;
        start();
        old.close();
    }

    @Override
    public void close() {
        shell.close();
    }

    // ---- input ----------------------------------------------------------------

    /** Cuts {@code input} into complete snippets; an unfinished tail is returned as the rest. */
    Split split(String input) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        List<String> snippets = new ArrayList<>();
        String remaining = input;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                return new Split(snippets, remaining);
            }
            // COMPLETE, COMPLETE_WITH_SEMI, or UNKNOWN (not Java: let eval report the error).
            // Leading blank lines would shift the line numbers of errors: drop them.
            snippets.add(info.source().replaceFirst("^(\\s*\\n)+", ""));
            if (c == Completeness.UNKNOWN || info.remaining().length() >= remaining.length()) {
                break; // UNKNOWN takes everything; never loop without progress
            }
            remaining = info.remaining();
        }
        return new Split(snippets, "");
    }

    /** True when {@code input} needs more lines before it can run. */
    boolean needsMore(String input) {
        return split(input).incomplete();
    }

    /**
     * Evaluates each snippet in {@code input}, in order, stopping at the first that fails;
     * each snippet's lines go to {@code sink} as soon as it has run. Returns false if one failed.
     */
    boolean eval(String input, Consumer<Line> sink) {
        control.beginInput();
        Split split = split(input);
        List<String> snippets = new ArrayList<>(split.snippets());
        if (split.incomplete()) {
            snippets.add(split.rest()); // let the compiler say what is missing
        }
        for (String source : snippets) {
            List<Line> lines = new ArrayList<>();
            boolean ok = evalOne(source, lines);
            lines.forEach(sink);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@link #eval(String, Consumer)} collecting the lines. */
    Outcome eval(String input) {
        List<Line> lines = new ArrayList<>();
        boolean ok = eval(input, lines::add);
        return new Outcome(lines, !ok);
    }

    private boolean evalOne(String source, List<Line> lines) {
        List<SnippetEvent> events = shell.eval(source);
        boolean ok = true;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // a consequence (an update of a dependent snippet), not this input
            }
            ok &= describe(e, source, lines);
        }
        return ok;
    }

    /** Adds the lines for one event; false when it failed. */
    private boolean describe(SnippetEvent e, String source, List<Line> lines) {
        Snippet s = e.snippet();
        if (e.exception() != null) {
            describeException(e.exception(), source, lines);
            return false;
        }
        if (e.status() == Snippet.Status.REJECTED) {
            List<Diag> diags = shell.diagnostics(s).toList();
            if (diags.isEmpty()) {
                lines.add(new Line(Line.Kind.ERROR, "error: cannot evaluate: " + source.strip()));
            }
            for (Diag d : diags) {
                describeDiag(d, s.source(), lines);
            }
            return false;
        }
        switch (s) {
            case VarSnippet v -> {
                if (e.value() != null) {
                    lines.add(new Line(Line.Kind.VALUE, v.name() + " ==> " + e.value()));
                }
            }
            case ExpressionSnippet x -> {
                if (e.value() != null && !"void".equals(x.typeName())) {
                    lines.add(new Line(Line.Kind.VALUE, x.name() + " ==> " + e.value()));
                }
            }
            case MethodSnippet m -> lines.add(new Line(Line.Kind.INFO,
                    verb(e) + " method " + m.name() + "(" + m.parameterTypes() + ")" + unresolved(s)));
            case TypeDeclSnippet t -> lines.add(new Line(Line.Kind.INFO,
                    verb(e) + " " + kindWord(t) + " " + t.name() + unresolved(s)));
            default -> {
                if (e.value() != null && !e.value().isEmpty() && s.subKind().isExecutable()
                        && s.subKind() != Snippet.SubKind.STATEMENT_SUBKIND) {
                    lines.add(new Line(Line.Kind.VALUE, e.value()));
                }
            }
        }
        return true;
    }

    private static String verb(SnippetEvent e) {
        return e.previousStatus() == Snippet.Status.NONEXISTENT ? "created" : "replaced";
    }

    private static String kindWord(TypeDeclSnippet t) {
        return switch (t.subKind()) {
            case INTERFACE_SUBKIND -> "interface";
            case ENUM_SUBKIND -> "enum";
            case ANNOTATION_TYPE_SUBKIND -> "annotation interface";
            case RECORD_SUBKIND -> "record";
            default -> "class";
        };
    }

    private String unresolved(Snippet s) {
        List<String> missing = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList();
        return missing.isEmpty() ? "" : ", but it cannot be used until " + String.join(", ", missing) + " is declared";
    }

    /** A compile error: its message on one line, then the source line and a caret under the column. */
    private static void describeDiag(Diag d, String source, List<Line> lines) {
        String message = oneLine(d.getMessage(Locale.ROOT));
        lines.add(new Line(Line.Kind.ERROR, (d.isError() ? "error: " : "warning: ") + message));
        long pos = d.getPosition();
        if (pos < 0 || pos > source.length()) {
            return;
        }
        int start = source.lastIndexOf('\n', (int) Math.max(0, pos - 1)) + 1;
        if (pos > 0 && pos <= source.length() && source.charAt((int) pos - 1) == '\n') {
            start = (int) pos;
        }
        int end = source.indexOf('\n', (int) pos);
        String line = source.substring(start, end < 0 ? source.length() : end);
        int column = (int) pos - start;
        lines.add(new Line(Line.Kind.ERROR, "    " + line));
        lines.add(new Line(Line.Kind.ERROR, "    " + " ".repeat(Math.max(0, column)) + "^"));
        if (BARE_WAIT.matcher(line).find()) {
            lines.add(new Line(Line.Kind.INFO, "hint: a bare wait(...) is Java's Object.wait: write Aio.wait(...)"));
        }
    }

    /** asyncio's wait(...) typed as in Python: Java finds Object.wait first. */
    private static final java.util.regex.Pattern BARE_WAIT = java.util.regex.Pattern.compile("(?<![\\w.])wait\\s*\\(");

    /** javac's "cannot find symbol\n  symbol: variable y\n ..." as "cannot find symbol: variable y". */
    static String oneLine(String message) {
        String[] parts = message.strip().split("\n");
        StringBuilder b = new StringBuilder(parts[0].strip());
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("symbol:")) {
                b.append(": ").append(p.substring("symbol:".length()).strip());
            }
        }
        return b.toString();
    }

    /** A runtime exception: "Type: message", then where in the snippet it was thrown. */
    private void describeException(JShellException ex, String source, List<Line> lines) {
        lastTrace = trace(ex);
        if (ex instanceof UnresolvedReferenceException u) {
            lines.add(new Line(Line.Kind.ERROR, "error: " + u.getSnippet().source().strip().lines().findFirst().orElse("")
                    + " cannot run until " + String.join(", ", shell.unresolvedDependencies(u.getSnippet()).toList())
                    + " is declared"));
            return;
        }
        String type = ex instanceof EvalException ee ? shortName(ee.getExceptionClassName()) : ex.getClass().getSimpleName();
        String message = ex.getMessage();
        if (control.stopRequested() && (type.equals("CancelledError") || control.interrupted())) {
            lines.add(new Line(Line.Kind.ERROR, "cancelled (Ctrl-C)" + (control.interrupted()
                    ? ": it blocked the loop's thread, so the thread was interrupted"
                    : control.forcedStop() ? ": it never awaited, so it was stopped where it ran" : "")));
            return;
        }
        lines.add(new Line(Line.Kind.ERROR, type + (message == null || message.isEmpty() ? "" : ": " + message)));
        String where = snippetLine(ex, source);
        if (where != null) {
            lines.add(new Line(Line.Kind.ERROR, "    at " + where));
        }
    }

    /**
     * Where in the learner's code the exception was thrown: the first stack frame in a snippet
     * (JShell names their source files "#ID"), as "boom(), line 1: throw new ..." with the
     * line's text.
     */
    private String snippetLine(Throwable ex, String source) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            for (StackTraceElement el : t.getStackTrace()) {
                String file = el.getFileName();
                if (file == null || !file.startsWith("#") || el.getLineNumber() <= 0) {
                    continue;
                }
                String id = file.substring(1);
                String text = shell.snippets().filter(s -> s.id().equals(id)).findFirst()
                        .map(Snippet::source).orElse(source)
                        .lines().skip(el.getLineNumber() - 1L).findFirst().orElse("").strip();
                String method = el.getMethodName();
                boolean topLevel = method.isEmpty() || method.startsWith("do_it$") || method.equals("<clinit>");
                return (topLevel ? "" : method + "(), ") + "line " + el.getLineNumber() + (text.isEmpty() ? "" : ": " + text);
            }
        }
        return null;
    }

    /** "java.lang.IllegalStateException" → "IllegalStateException"; aio's and java.lang's only. */
    static String shortName(String className) {
        if (className == null) {
            return "Exception";
        }
        for (String prefix : List.of("java.lang.", "aio.")) {
            if (className.startsWith(prefix) && className.indexOf('.', prefix.length()) < 0) {
                return className.substring(prefix.length());
            }
        }
        return className;
    }

    private static String trace(Throwable ex) {
        StringBuilder b = new StringBuilder();
        String name = ex instanceof EvalException ee ? ee.getExceptionClassName() : ex.getClass().getName();
        b.append(name).append(ex.getMessage() == null ? "" : ": " + ex.getMessage()).append('\n');
        appendFrames(ex, b);
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            String cname = c instanceof EvalException ee ? ee.getExceptionClassName() : c.getClass().getName();
            b.append("Caused by: ").append(cname).append(c.getMessage() == null ? "" : ": " + c.getMessage()).append('\n');
            appendFrames(c, b);
        }
        return b.toString();
    }

    private static void appendFrames(Throwable t, StringBuilder b) {
        for (StackTraceElement el : t.getStackTrace()) {
            b.append("\tat ").append(el).append('\n');
        }
    }

    /** The full stack trace of the last runtime exception, or "" if there was none. */
    String lastTrace() {
        return lastTrace;
    }

    // ---- introspection, completion, control ------------------------------------

    /** "type name = value" for each variable the learner declared. */
    List<String> variables() {
        return shell.variables()
                .filter(v -> shell.status(v).isActive() && !v.name().equals("random"))
                .map(v -> v.typeName() + " " + v.name() + " = " + shell.varValue(v))
                .toList();
    }

    /** The imports in effect, as source lines. */
    List<String> imports() {
        return shell.imports().filter(i -> shell.status(i).isActive()).map(ImportSnippet::source).map(String::strip).toList();
    }

    /** Completion candidates for {@code code} at {@code cursor}; {@code anchor[0]} gets where they start. */
    List<SourceCodeAnalysis.Suggestion> complete(String code, int cursor, int[] anchor) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
    }

    /** Javadoc-style signatures for what is at {@code cursor} (the second Tab). */
    List<String> documentation(String code, int cursor) {
        return shell.sourceCodeAnalysis().documentation(code, cursor, false).stream()
                .map(SourceCodeAnalysis.Documentation::signature).toList();
    }

    /** Ctrl-C: cancels the running snippet (see {@link LoopExecutionControl#stop()}). Any thread. */
    void stop() {
        control.stop();
    }
}
