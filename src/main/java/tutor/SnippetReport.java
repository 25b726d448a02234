package tutor;

import tutor.JavaSession.Line;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * What a snippet did, in words, the way the jshell tool says it: {@code $1 ==> 42},
 * {@code created method f()}, a compile error with a caret under its column, an exception in
 * one line with the line of the learner's code it came from, and the updates an input caused
 * to what was declared before ("update: variable x cannot be used until ...").
 */
final class SnippetReport {
    /** The JShell of the agent now running (a new one after a restart). */
    private volatile JShell shell;
    private volatile String lastTrace = "";

    /** Describes the snippets of {@code shell} from now on. */
    void use(JShell shell) {
        this.shell = shell;
    }

    /** The full stack trace of the last runtime exception, or "" if there was none. */
    String lastTrace() {
        return lastTrace;
    }

    private volatile JavaSession.Failure lastFailure;

    /** The last exception a snippet ended with, since {@link #forgetFailure()}; or null. */
    JavaSession.Failure lastFailure() {
        return lastFailure;
    }

    void forgetFailure() {
        lastFailure = null;
    }

    /**
     * A change the input caused to an earlier declaration (JShell's update events): a
     * variable that no longer compiles, a method waiting for a type, as one INFO line; null
     * when there is nothing worth saying.
     */
    Line update(SnippetEvent e) {
        Snippet s = e.snippet();
        String what = switch (s) {
            case VarSnippet v -> Messages.get("snippet.variable", v.name());
            case MethodSnippet m -> Messages.get("snippet.method", m.name(), m.parameterTypes());
            case TypeDeclSnippet t -> type(t);
            default -> null;
        };
        if (what == null || e.status() == e.previousStatus()) {
            return null;
        }
        return switch (e.status()) {
            // OVERWRITTEN: the old version of what was just redeclared, which "replaced" says already
            case DROPPED, REJECTED -> new Line(Line.Kind.INFO, Messages.get("update.gone", what));
            case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED -> new Line(Line.Kind.INFO,
                    Messages.get("update.unusable", what, whyUnusable((jdk.jshell.DeclarationSnippet) s)));
            case VALID -> new Line(Line.Kind.INFO, Messages.get("update.usable", what));
            default -> null;
        };
    }

    /**
     * A declaration JShell keeps although it does not compile, for a reason other than a name
     * not declared yet: a string constant over 65,535 bytes, say, which javac finds only as it
     * writes the class. JShell would put it into every later snippet's compilation, and each
     * would fail the same way.
     */
    private boolean isBroken(Snippet s) {
        return s instanceof jdk.jshell.DeclarationSnippet d
                && (shell.status(d) == Snippet.Status.RECOVERABLE_DEFINED || shell.status(d) == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                && shell.unresolvedDependencies(d).findAny().isEmpty()
                && shell.diagnostics(d).anyMatch(Diag::isError);
    }

    /**
     * Why a declaration that JShell keeps cannot be used: what it waits for ("cannot be used
     * until class Foo is declared"), or the compiler's complaint about it.
     */
    String whyUnusable(jdk.jshell.DeclarationSnippet s) {
        List<String> missing = shell.unresolvedDependencies(s).toList();
        if (!missing.isEmpty()) {
            return Messages.get("unusable.until", String.join(", ", missing));
        }
        return shell.diagnostics(s).findFirst().map(d -> Messages.get("unusable.error", oneLine(d.getMessage(Locale.ROOT))))
                .orElse(Messages.get("unusable.now"));
    }

    /** Adds the lines for one event of the input itself; false when it failed. */
    boolean describe(SnippetEvent e, String source, List<Line> lines) {
        Snippet s = e.snippet();
        if (e.exception() != null) {
            describeException(e.exception(), source, lines);
            return false;
        }
        if (e.status() == Snippet.Status.REJECTED || isBroken(s)) {
            List<Diag> diags = shell.diagnostics(s).toList();
            if (e.status() != Snippet.Status.REJECTED) {
                shell.drop(s); // kept, it would be compiled again with every later snippet and fail it
            }
            if (diags.isEmpty()) {
                lines.add(new Line(Line.Kind.ERROR, Messages.get("snippet.cannot-evaluate", source.strip())));
            }
            for (Diag d : diags) {
                describeDiag(d, s.source(), lines);
            }
            return false;
        }
        switch (s) {
            case VarSnippet v -> {
                if (e.status() != Snippet.Status.VALID) {
                    lines.add(new Line(Line.Kind.INFO, declared(e, Messages.get("snippet.variable", v.name()))));
                } else if (e.value() != null) {
                    lines.add(new Line(Line.Kind.VALUE, v.name() + " ==> " + e.value()));
                }
            }
            case ExpressionSnippet x -> {
                if (e.value() != null && !"void".equals(x.typeName())) {
                    lines.add(new Line(Line.Kind.VALUE, x.name() + " ==> " + e.value()));
                }
            }
            case MethodSnippet m -> lines.add(new Line(Line.Kind.INFO,
                    declared(e, Messages.get("snippet.method", m.name(), m.parameterTypes()))));
            case TypeDeclSnippet t -> lines.add(new Line(Line.Kind.INFO, declared(e, type(t))));
            default -> {
                if (e.value() != null && !e.value().isEmpty() && s.subKind().isExecutable()
                        && s.subKind() != Snippet.SubKind.STATEMENT_SUBKIND) {
                    lines.add(new Line(Line.Kind.VALUE, e.value()));
                }
            }
        }
        return true;
    }

    /**
     * "created method f()", "replaced class A", and when it cannot be used yet, why:
     * "created method g(), but it cannot be used until variable y is declared".
     */
    private String declared(SnippetEvent e, String what) {
        boolean created = e.previousStatus() == Snippet.Status.NONEXISTENT;
        if (shell.status(e.snippet()) == Snippet.Status.VALID) {
            return created ? Messages.get("snippet.created", what) : Messages.get("snippet.replaced", what);
        }
        String why = whyUnusable((jdk.jshell.DeclarationSnippet) e.snippet());
        return created ? Messages.get("snippet.created.unusable", what, why)
                : Messages.get("snippet.replaced.unusable", what, why);
    }

    /** "class A", "record R", ...: a type the learner declared. */
    private static String type(TypeDeclSnippet t) {
        return switch (t.subKind()) {
            case INTERFACE_SUBKIND -> Messages.get("snippet.interface", t.name());
            case ENUM_SUBKIND -> Messages.get("snippet.enum", t.name());
            case ANNOTATION_TYPE_SUBKIND -> Messages.get("snippet.annotation", t.name());
            case RECORD_SUBKIND -> Messages.get("snippet.record", t.name());
            default -> Messages.get("snippet.class", t.name());
        };
    }

    /** A compile error: its message on one line, then the source line and a caret under the column. */
    private static void describeDiag(Diag d, String source, List<Line> lines) {
        String message = oneLine(d.getMessage(Locale.ROOT));
        lines.add(new Line(Line.Kind.ERROR, d.isError() ? Messages.get("snippet.error", message)
                : Messages.get("snippet.warning", message)));
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
            lines.add(new Line(Line.Kind.INFO, Messages.get("snippet.hint.bare-wait")));
        }
    }

    /** asyncio's wait(...) typed as in Python: Java finds Object.wait first. */
    private static final Pattern BARE_WAIT = Pattern.compile("(?<![\\w.])wait\\s*\\(");

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
        String cls = ex instanceof EvalException ee ? ee.getExceptionClassName() : "";
        lastFailure = new JavaSession.Failure(cls, ex.getMessage());
        if (cls.endsWith("$StoppedByCtrlC")) {
            lines.add(new Line(Line.Kind.ERROR, switch (String.valueOf(ex.getMessage())) {
                case "interrupted" -> Messages.get("ctrl-c.cancelled.interrupted");
                case "forced" -> Messages.get("ctrl-c.cancelled.forced");
                default -> Messages.get("ctrl-c.cancelled");
            }));
            return;
        }
        if (cls.endsWith("$Detached")) {
            lines.add(new Line(Line.Kind.INFO, Messages.get("ctrl-c.detached", ex.getMessage())));
            return;
        }
        if (ex instanceof UnresolvedReferenceException u) {
            lines.add(new Line(Line.Kind.ERROR, Messages.get("snippet.cannot-run-until",
                    u.getSnippet().source().strip().lines().findFirst().orElse(""),
                    String.join(", ", shell.unresolvedDependencies(u.getSnippet()).toList()))));
            return;
        }
        String type = ex instanceof EvalException ee ? shortName(ee.getExceptionClassName()) : ex.getClass().getSimpleName();
        String message = ex.getMessage();
        List<String> more = List.of();
        if (message != null && cls.equals("aio.ExceptionGroup") && message.indexOf('\n') >= 0) {
            // the agent lists a group's sub-exceptions under its message (tutor.agent.GroupedFailure)
            more = message.lines().skip(1).filter(l -> !FRAME_LINE.matcher(l).matches())
                    .map(SnippetReport::subException).toList(); // frames: for :trace

            message = message.lines().findFirst().orElse("");
        }
        lines.add(new Line(Line.Kind.ERROR, type + (message == null || message.isEmpty() ? "" : ": " + message)));
        String where = snippetLine(ex, source);
        if (where != null) {
            lines.add(new Line(Line.Kind.ERROR, "    " + where));
        }
        for (String sub : more) {
            lines.add(new Line(Line.Kind.ERROR, "    " + sub));
        }
    }

    /** "1. java.lang.IllegalStateException: boom" → "1. IllegalStateException: boom", indent kept. */
    private static String subException(String line) {
        Matcher m = SUB_EXCEPTION.matcher(line);
        return m.matches() ? m.group(1) + shortName(m.group(2)) + m.group(3) : line;
    }

    /** A frame under a sub-exception in a group's message ("      at ..."), shown by :trace only. */
    private static final Pattern FRAME_LINE = Pattern.compile("\\s+at .*");

    private static final Pattern SUB_EXCEPTION = Pattern.compile("(\\s*\\d+\\. )([\\w.$]+)(.*)", Pattern.DOTALL);

    /**
     * Where in the learner's code the exception was thrown: the first stack frame in a snippet
     * (JShell names their source files "#ID"), as "at boom(), line 1: throw new ..." with the
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
                String method = SnippetNames.function(el.getMethodName()); // a lambda's body: <lambda>
                boolean topLevel = method.isEmpty() || method.equals("<snippet>") || method.equals("<clinit>");
                int line = el.getLineNumber();
                if (topLevel) {
                    return text.isEmpty() ? Messages.get("snippet.at", line) : Messages.get("snippet.at.text", line, text);
                }
                return text.isEmpty() ? Messages.get("snippet.at.method", method, line)
                        : Messages.get("snippet.at.method.text", method, line, text);
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
        appendHeadline(name, ex.getMessage(), b, "");
        appendFrames(ex, b);
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            String cname = c instanceof EvalException ee ? ee.getExceptionClassName() : c.getClass().getName();
            appendHeadline(cname, c.getMessage(), b, "Caused by: ");
            appendFrames(c, b);
        }
        return b.toString();
    }

    /**
     * "Type: message"; a task group's message carries its sub-exceptions on further lines
     * (tutor.agent.GroupedFailure), shown indented under it, as Python's traceback shows the tree.
     */
    private static void appendHeadline(String className, String message, StringBuilder b, String prefix) {
        b.append(prefix).append(className);
        if (message == null) {
            b.append('\n');
            return;
        }
        List<String> lines = message.lines().toList();
        b.append(lines.isEmpty() ? "" : ": " + lines.get(0)).append('\n');
        for (String sub : lines.subList(Math.min(1, lines.size()), lines.size())) {
            b.append("  ").append(sub).append('\n');
        }
    }

    /** The frames, without the runtime's own ({@code aio}) and JShell's: where the learner's code was. */
    private static void appendFrames(Throwable t, StringBuilder b) {
        for (StackTraceElement el : t.getStackTrace()) {
            String cls = el.getClassName();
            if (cls.startsWith("aio.") || cls.startsWith("jdk.jshell.") || cls.startsWith("jdk.internal.")) {
                continue;
            }
            if (cls.isEmpty()) { // JShell's own translation of a snippet's frame: "(#24:1)"
                String method = el.getMethodName().isEmpty() ? "<snippet>" : SnippetNames.function(el.getMethodName());
                b.append("\tat ").append(method).append('(').append(el.getFileName()).append(':')
                        .append(el.getLineNumber()).append(")\n");
                continue;
            }
            b.append("\tat ").append(el).append('\n');
        }
    }

}
