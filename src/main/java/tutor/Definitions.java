package tutor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * What the learner has declared (imports, classes, methods, variables), remembered after every
 * input so that it outlives the agent it lives in: when an agent ends (System.exit, a wedged
 * loop) the next one gets it all back. Classes and methods come back as they were written.
 * A variable comes back with its value when that value can be written as a Java literal (a
 * number, a boolean, a char, a String); any other (a Task, a list) is declared again, empty,
 * and named as lost: re-running its initializer could repeat what it did.
 */
final class Definitions {
    /** Types whose values JShell shows as Java literals (with a suffix for long and float). */
    private static final Set<String> LITERAL_TYPES = Set.of("int", "long", "short", "byte", "char", "boolean",
            "double", "float", "String", "Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float",
            "java.lang.String");

    /** A declaration and, for a variable, its value as a literal (null when it has none). */
    private record Saved(Snippet snippet, String literal) {
    }

    private List<Saved> saved = List.of();

    /**
     * Remembers what is declared in {@code engine} now, and the values of its variables that
     * literals can hold. Console thread, between inputs.
     */
    void remember(JavaEngine engine) {
        JShell shell = engine.shell();
        List<Saved> now = new ArrayList<>();
        try {
            for (Snippet s : shell.snippets().toList()) {
                if (engine.isPreamble(s) || !shell.status(s).isActive() || !s.kind().isPersistent()) {
                    continue;
                }
                String literal = null;
                if (s instanceof VarSnippet v && shell.status(v) == Snippet.Status.VALID && LITERAL_TYPES.contains(v.typeName())) {
                    literal = literal(v.typeName(), shell.varValue(v));
                }
                now.add(new Saved(s, literal));
            }
        } catch (RuntimeException e) {
            return; // the agent ended meanwhile: keep what was remembered before
        }
        saved = List.copyOf(now);
    }

    /** Forgets everything (:reset). */
    void clear() {
        saved = List.of();
    }

    /** What {@link #restore} brought back (how many of each kind), and the variables it could not. */
    record Restored(Map<String, Integer> counts, List<String> lost) {
        /**
         * The line that says a fresh Java took over: why the last one ended ({@code why}), what
         * came back ("2 methods, 1 class and 3 variables"), which variables are null now, and
         * that its tasks, and the {@code server} if it had one, are gone.
         */
        String restartLine(String why, boolean server) {
            List<String> parts = new ArrayList<>();
            counts.forEach((kind, n) -> parts.add(count(kind, n)));
            return Messages.get("restart.line", why, parts.isEmpty() ? 0 : 1, join(parts), lost.size(), join(lost),
                    server ? 1 : 0);
        }

        /** What came back and what did not, without the "Java restarted" ("Restored 2 methods; its tasks are gone."). */
        String summary(boolean server) {
            List<String> parts = new ArrayList<>();
            counts.forEach((kind, n) -> parts.add(count(kind, n)));
            return Messages.get("restart.summary", parts.isEmpty() ? 0 : 1, join(parts), lost.size(), join(lost), server ? 1 : 0);
        }

        /** "1 method", "2 classes". */
        private static String count(String kind, int n) {
            return switch (kind) {
                case "import" -> Messages.get("restored.imports", n);
                case "method" -> Messages.get("restored.methods", n);
                case "variable" -> Messages.get("restored.variables", n);
                case "interface" -> Messages.get("restored.interfaces", n);
                case "enum" -> Messages.get("restored.enums", n);
                case "record" -> Messages.get("restored.records", n);
                default -> Messages.get("restored.classes", n);
            };
        }

        /** "a", "a and b", "a, b and c". */
        static String join(List<String> words) {
            if (words.isEmpty()) {
                return "";
            }
            String joined = words.get(words.size() - 1);
            if (words.size() > 1) {
                joined = Messages.get("list.last", words.get(words.size() - 2), joined);
            }
            for (int i = words.size() - 3; i >= 0; i--) {
                joined = Messages.get("list.next", words.get(i), joined);
            }
            return joined;
        }
    }

    /** Declares everything remembered again in {@code engine}, in the order it was first written. */
    Restored restore(JavaEngine engine) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> lost = new ArrayList<>();
        JShell shell = engine.shell();
        for (Saved s : saved) {
            if (s.snippet() instanceof VarSnippet v) {
                // Declared again in any case (methods may use it); its value only from a literal.
                boolean declared = declares(shell, v.typeName() + " " + v.name()
                        + (s.literal() != null ? " = " + s.literal() : "") + ";");
                boolean temporary = v.name().startsWith("$"); // an expression's value: restored, not counted
                if (declared && s.literal() != null) {
                    if (!temporary) {
                        counts.merge("variable", 1, Integer::sum);
                    }
                } else if (!temporary) {
                    lost.add(v.name());
                }
            } else if (declares(shell, s.snippet().source())) {
                counts.merge(kindWord(s.snippet()), 1, Integer::sum);
                engine.reconcileImports(); // a class Queue of the learner's wins over aio.Queue
            }
        }
        return new Restored(counts, lost);
    }

    /** Evaluates a declaration quietly; true when it is in effect. */
    private static boolean declares(JShell shell, String source) {
        try {
            List<SnippetEvent> events = shell.eval(source);
            return !events.isEmpty() && events.stream().filter(e -> e.causeSnippet() == null)
                    .allMatch(e -> e.status().isActive() && e.exception() == null);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String kindWord(Snippet s) {
        return switch (s.kind()) {
            case IMPORT -> "import";
            case METHOD -> "method";
            case VAR -> "variable";
            default -> switch (s.subKind()) {
                case INTERFACE_SUBKIND -> "interface";
                case ENUM_SUBKIND -> "enum";
                case RECORD_SUBKIND -> "record";
                default -> "class";
            };
        };
    }

    /** JShell's text of a value as a literal of {@code type}, or null when it is not one. */
    static String literal(String type, String shown) {
        if (shown == null || shown.contains("… (")) {
            return null; // cut short: not the whole value
        }
        if (shown.equals("null")) {
            return Character.isUpperCase(type.charAt(0)) ? "null" : null;
        }
        return switch (type) {
            case "long", "Long" -> shown.matches("-?\\d+") ? shown + "L" : null;
            case "float", "Float" -> floating(shown, "Float", "f");
            case "double", "Double" -> floating(shown, "Double", "");
            case "int", "Integer", "short", "Short", "byte", "Byte" -> shown.matches("-?\\d+")
                    ? (type.equals("Short") || type.equals("Byte") ? "(" + type.toLowerCase(java.util.Locale.ROOT) + ") " + shown : shown)
                    : null;
            case "boolean", "Boolean" -> shown.equals("true") || shown.equals("false") ? shown : null;
            case "char", "Character" -> shown.startsWith("'") && shown.endsWith("'") ? shown : null;
            default -> shown.startsWith("\"") && shown.endsWith("\"") && shown.length() >= 2 ? shown : null; // String
        };
    }

    private static String floating(String shown, String box, String suffix) {
        return switch (shown) {
            case "NaN" -> box + ".NaN";
            case "Infinity" -> box + ".POSITIVE_INFINITY";
            case "-Infinity" -> box + ".NEGATIVE_INFINITY";
            default -> shown.matches("-?[0-9.]+(E-?\\d+)?") ? shown + suffix : null;
        };
    }
}
