package tutor;

import java.util.List;

import jdk.jshell.SourceCodeAnalysis;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: meta-command names and their arguments (command names for :help, the
 * server's port), and Java through JShell's {@code completionSuggestions}, which knows the
 * learner's own variables and methods as well as aio's API.
 */
final class ConsoleCompleter implements Completer {
    private final Console console;

    ConsoleCompleter(Console console) {
        this.console = console;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (Console.isMetaCommand(line.line())) {
            completeCommand(line, candidates);
        } else {
            completeJava(line, candidates);
        }
    }

    private void completeCommand(ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        if (line.wordIndex() == 0) {
            for (String name : console.commands().names()) {
                candidates.add(new Candidate(name, name, null, summary(name), null, null, true));
            }
            return;
        }
        if (line.wordIndex() != 1) {
            return;
        }
        switch (words.get(0)) {
            case ":help" -> console.commands().names().forEach(n -> candidates.add(plain(n.substring(1))));
            case ":start-server" -> candidates.add(plain("9996"));
            case ":lesson" -> console.lessonNames().forEach(n -> candidates.add(plain(n)));
            default -> { }
        }
    }

    private String summary(String name) {
        return console.commands().find(name).map(MetaCommands.Command::summary).orElse(null);
    }

    private static Candidate plain(String value) {
        return new Candidate(value, value, null, null, null, null, true);
    }

    private void completeJava(ParsedLine line, List<Candidate> candidates) {
        JavaSession session = console.sessionIfReady();
        if (session == null) {
            return; // still warming up: no completion rather than a frozen Tab
        }
        String buffer = line.line();
        int cursor = line.cursor();
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = session.complete(buffer, cursor, anchor);
        // JLine matches candidates against the whole word around the cursor ("Aio.sle"),
        // JShell completes from its anchor ("sle"): give JLine the word's start as well.
        int wordStart = cursor - line.wordCursor();
        if (anchor[0] < wordStart) {
            return;
        }
        String prefix = buffer.substring(wordStart, anchor[0]);
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            String value = prefix + s.continuation();
            // Never complete=true: JLine would add a space, and after a Java name comes a "." or "(" as often as not.
            candidates.add(new Candidate(value, s.continuation(), null, null, null, null, false));
        }
    }
}
