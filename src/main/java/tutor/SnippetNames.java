package tutor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The learner's code as the console names it. JShell compiles snippet 24 into a class
 * {@code REPL.$JShell$24} in a file {@code $JShell$24.java}, with the snippet's lines some way
 * down; the agent knows only those names, so its reprs, reports and stack traces say
 * {@code coro=<<lambda>() running at $JShell$24.java:9>}. Here they become what the learner
 * wrote: {@code #24:2}, line 2 of snippet 24, as jshell's own stack traces name it
 * ({@code at (#24:2)}); a lambda's body {@code <lambda>}, the snippet's own code
 * {@code <snippet>}.
 *
 * <p>Each snippet's line table is taken from JShell's wrapper once JShell has run it
 * ({@link #named}); output that arrives while it runs names its line only when it has one.
 * {@code :tasks} finds a task's line here too ({@link #place(String, int)}).
 * Any thread may {@link #rewrite}.
 */
final class SnippetNames {
    /**
     * Line tables by wrapper class, named as after "$JShell$" ("24", or "24B" once JShell has
     * compiled snippet 24 again): for each line of the wrapper (from 1), the snippet's line
     * there, 0 for JShell's own; element 0 holds how many lines the snippet has. The old
     * class's table stays: a running task may still be in its code.
     */
    private final Map<String, int[]> tables = new ConcurrentHashMap<>();
    /** Snippet id to the full name of the class JShell compiled it into last ("REPL.$JShell$24B"). */
    private final Map<String, String> classes = new ConcurrentHashMap<>();
    private volatile int[] evaluating;
    /** The table of a one-line snippet: whatever the wrapper's line, the snippet's line 1. */
    private static final int[] ONE_LINE = {1};
    private volatile int lastNamed;

    /** A frame of a snippet's class: "REPL.$JShell$24.lambda$do_it$$0($JShell$24.java:8)". */
    private static final Pattern FRAME = Pattern.compile(
            "REPL\\.[$@]JShell[$@](\\d+[A-Z]?)(?:\\$[\\w$]*)?\\.([\\w$<>]+)\\([$@]JShell[$@]\\d+[A-Z]?\\.java(?::(\\d+))?\\)");
    /** A frame JShell has already mapped to the snippet's line: "REPL.$JShell$24.do_it$(#24:1)". */
    private static final Pattern MAPPED_FRAME = Pattern.compile(
            "REPL\\.[$@]JShell[$@]\\d+[A-Z]?(?:\\$[\\w$]*)?\\.([\\w$<>]+)\\((#\\d+(?::\\d+)?)\\)");
    /** A place in a snippet's file: "$JShell$24.java:9", or the file alone. */
    private static final Pattern PLACE = Pattern.compile("[$@]JShell[$@](\\d+[A-Z]?)\\.java(?::(\\d+))?");
    /** A lambda in JShell's own method around a snippet, as the runtime names it: "do_it$Aux.&lt;lambda&gt;". */
    private static final Pattern DO_IT_LAMBDA = Pattern.compile("do_it\\$\\w*\\.<lambda>");
    /** A snippet's class, in a name the runtime wrote: "REPL.$JShell$24$Point". */
    private static final Pattern CLASS = Pattern.compile("REPL\\.[$@]JShell[$@]\\d+[A-Z]?\\$");

    /** A new JShell (after :reset or a restart) numbers its snippets from 1 again. */
    void forget() {
        tables.clear();
        classes.clear();
        evaluating = null;
        lastNamed = 0;
    }

    /**
     * Before JShell runs a source, for output while it runs: a one-line source's lines are all
     * its line 1. (Its wrapper is not asked for: JShell's analysis of an expression would use up
     * a {@code $N} name.)
     */
    void evaluating(String source) {
        evaluating = source.strip().lines().count() == 1 ? ONE_LINE : null;
    }

    /**
     * After: the snippets JShell made of that source, and those it compiled again because of it,
     * with their wrappers' line tables. Returns, by snippet id, the class each snippet that JShell
     * moved to a new class was in before.
     */
    Map<String, String> named(List<SnippetEvent> events, SourceCodeAnalysis analysis) {
        Map<String, String> moved = new java.util.HashMap<>();
        for (SnippetEvent e : events) {
            if (!e.status().isDefined()) {
                continue;
            }
            String id = e.snippet().id();
            SourceCodeAnalysis.SnippetWrapper w = analysis.wrapper(e.snippet());
            String full = w.fullClassName();
            tables.put(full.substring(full.lastIndexOf('$') + 1), table(w));
            String before = classes.put(id, full);
            if (before != null && !before.equals(full)) {
                moved.put(id, before);
            }
            if (e.causeSnippet() == null) {
                try {
                    lastNamed = Math.max(lastNamed, Integer.parseInt(id));
                } catch (NumberFormatException startupSnippet) {
                    // "s1", JShell's start-up: never the learner's
                }
            }
        }
        evaluating = null;
        return moved;
    }

    /** The full name of the class JShell compiled snippet {@code id} into last, or null. */
    String className(String id) {
        return classes.get(id);
    }

    /** A line of a snippet: its id and its line there (from 1). */
    record Place(String id, int line) {
    }

    /**
     * Where line {@code wrapperLine} of class {@code className} (a snippet's wrapper, or a class
     * nested in it) is in the learner's snippet; null for no snippet's class, or JShell's own line.
     */
    Place place(String className, int wrapperLine) {
        Matcher m = className == null ? null : WRAPPER.matcher(className);
        if (m == null || !m.matches() || wrapperLine <= 0) {
            return null;
        }
        int[] table = tables.get(m.group(1));
        int line = table == null || wrapperLine >= table.length ? 0 : table[wrapperLine];
        return line > 0 ? new Place(m.group(2), line) : null;
    }

    /** A snippet's wrapper class, or a class nested in it: group 1 its key ("24B"), group 2 the snippet's id. */
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$((\\d+)[A-Z]?)(?:\\$.*)?");

    /** {@code text} with JShell's names for the learner's code replaced by the console's. */
    String rewrite(String text) {
        if (text == null || !text.contains("JShell") && !text.contains("do_it$")) {
            return text;
        }
        String mapped = MAPPED_FRAME.matcher(text).replaceAll(m ->
                Matcher.quoteReplacement(function(m.group(1)) + "(" + m.group(2) + ")"));
        String frames = FRAME.matcher(mapped).replaceAll(f ->
                Matcher.quoteReplacement(function(f.group(2)) + "(" + place(f.group(1), f.group(3)) + ")"));
        String places = PLACE.matcher(frames).replaceAll(p -> Matcher.quoteReplacement(place(p.group(1), p.group(2))));
        String named = DO_IT_LAMBDA.matcher(places).replaceAll("<lambda>").replace("do_it$()", "<snippet>()");
        return CLASS.matcher(named).replaceAll("");
    }

    /** "#24:2"; "#24" when the line is not the learner's (or unknown); "#24:1" for a one-line snippet's file. */
    private String place(String key, String wrapperLine) {
        String id = key.replaceAll("[A-Z]$", "");
        int[] table = tables.get(key);
        if (table == null && Integer.parseInt(id) > lastNamed) {
            table = evaluating; // the snippet running now, not named yet
        }
        if (table == null) {
            return "#" + id;
        }
        if (wrapperLine == null) {
            return table[0] == 1 ? "#" + id + ":1" : "#" + id;
        }
        if (table == ONE_LINE) {
            return "#" + id + ":1";
        }
        int n = Integer.parseInt(wrapperLine);
        return n < table.length && table[n] > 0 ? "#" + id + ":" + table[n] : "#" + id;
    }

    /** A method's name as the learner knows it: a lambda's body is "&lt;lambda&gt;", the snippet's own code "&lt;snippet&gt;". */
    static String function(String method) {
        if (method.startsWith("do_it$")) {
            return "<snippet>";
        }
        if (method.startsWith("lambda$")) {
            int end = method.lastIndexOf('$');
            String outer = end > 7 ? method.substring(7, end) : "";
            return outer.isEmpty() || outer.endsWith("$") || outer.equals("static") || outer.equals("new")
                    ? "<lambda>" : outer + ".<lambda>";
        }
        return method;
    }

    /** A wrapper's line table: see {@link #tables}. */
    private static int[] table(SourceCodeAnalysis.SnippetWrapper w) {
        String wrapped = w.wrapped();
        String source = w.source();
        List<String> lines = wrapped.lines().toList();
        int[] table = new int[lines.size() + 1];
        table[0] = (int) source.lines().count();
        int offset = 0;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            int indent = 0;
            while (indent < line.length() && Character.isWhitespace(line.charAt(indent))) {
                indent++;
            }
            if (indent < line.length()) {
                int pos = w.wrappedToSourcePosition(offset + indent);
                if (pos >= 0 && pos <= source.length()) {
                    table[n] = 1 + (int) source.substring(0, pos).chars().filter(c -> c == '\n').count();
                }
            }
            offset = wrapped.indexOf('\n', offset);
            if (offset < 0) {
                break;
            }
            offset++;
        }
        return table;
    }
}
