package tutor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code :edit}, as jshell's {@code /edit}: puts code in an editor and runs what was saved. The
 * code is the current exercise's (the learner's own methods and classes of the names its
 * solution declares, or the broken code it gives to fix), or the snippets that declare a name
 * ({@code :edit fetchAll}), or nothing. The editor is {@code $VISUAL} or {@code $EDITOR}, else
 * JLine's built-in one (nano's keys), on a terminal only.
 */
final class EditCommand implements CommandFamily {
    private final Console console;
    private final Supplier<Lesson.Exercise> exercise;

    /** @param exercise the exercise the learner is at, or null when none */
    EditCommand(Console console, Supplier<Lesson.Exercise> exercise) {
        this.console = console;
        this.exercise = exercise;
    }

    @Override
    public void register(MetaCommands table) {
        table.add(":edit " + Messages.get("help.edit.args"), Messages.get("help.edit.summary"),
                Messages.get("help.edit.text"), this::edit);
    }

    private boolean edit(String args) {
        if (!console.interactive()) {
            return console.fail(Messages.get("edit.needs-terminal"));
        }
        JavaSession s = console.session();
        if (s == null) {
            return false;
        }
        String name = args.strip();
        String code;
        if (!name.isEmpty()) {
            List<String> sources = s.sourcesDeclaring(Set.of(name.startsWith("#") ? name.substring(1) : name));
            if (sources.isEmpty()) {
                return console.fail(Messages.get("edit.no-such-name", name));
            }
            code = String.join("\n", sources) + "\n";
        } else {
            code = exerciseCode(s);
        }
        Path file;
        try {
            file = Files.createTempFile("aio-edit-", ".java");
        } catch (IOException e) {
            return console.fail(Messages.get("edit.failed", StateDir.why(e)));
        }
        try {
            Files.writeString(file, code);
            String editor = editor();
            String problem = console.io().edit(file, editor);
            if (problem != null) {
                return console.fail(Messages.get("edit.failed", problem));
            }
            String saved = Files.readString(file);
            if (saved.equals(code)) {
                console.print(Style.INFO, Messages.get("edit.unchanged"));
                return true;
            }
            if (saved.isBlank()) {
                console.print(Style.INFO, Messages.get("edit.empty"));
                return true;
            }
            return console.java(saved);
        } catch (IOException e) {
            return console.fail(Messages.get("edit.failed", StateDir.why(e)));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a file in the temporary folder: the system clears it
            }
        }
    }

    /** The exercise's code: what the learner has declared of it so far, or a line saying what to write. */
    private String exerciseCode(JavaSession s) {
        Lesson.Exercise ex = exercise.get();
        if (ex == null) {
            return "";
        }
        List<String> mine = s.sourcesDeclaring(s.namesDeclaredBy(ex.solution()));
        if (!mine.isEmpty()) {
            return String.join("\n", mine) + "\n";
        }
        String task = ex.task().strip().lines().findFirst().orElse("");
        return "// " + Messages.get("edit.exercise", task) + "\n\n";
    }

    /** $VISUAL, else $EDITOR, else null (the built-in editor). */
    private static String editor() {
        for (String var : List.of("VISUAL", "EDITOR")) {
            String e = System.getenv(var);
            if (e != null && !e.isBlank()) {
                return e.strip();
            }
        }
        return null;
    }
}
