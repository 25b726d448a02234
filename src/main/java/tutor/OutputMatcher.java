package tutor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares what a step printed with its {@code output} block. A line that is only {@code ...}
 * matches any number of lines; {@code ...} inside a line matches any text. When they differ it
 * says where, as a short diff.
 */
final class OutputMatcher {
    static final String ANY = "...";

    private OutputMatcher() {
    }

    /** True when {@code actual} matches {@code expected}. */
    static boolean matches(List<String> expected, List<String> actual) {
        return match(expected, 0, actual, 0, new Boolean[expected.size() + 1][actual.size() + 1]);
    }

    private static boolean match(List<String> exp, int i, List<String> act, int j, Boolean[][] memo) {
        if (memo[i][j] != null) {
            return memo[i][j];
        }
        boolean r;
        if (i == exp.size()) {
            r = j == act.size();
        } else if (exp.get(i).strip().equals(ANY)) {
            r = match(exp, i + 1, act, j, memo) || (j < act.size() && match(exp, i, act, j + 1, memo));
        } else {
            r = j < act.size() && lineMatches(exp.get(i), act.get(j)) && match(exp, i + 1, act, j + 1, memo);
        }
        memo[i][j] = r;
        return r;
    }

    /**
     * A snippet's number where the console names a place in the learner's code ("at #24:1",
     * "(#24:1)"): it depends on what was typed before, so any number matches any other.
     */
    private static final Pattern SNIPPET_ID = Pattern.compile("(?<=at |\\()#\\d+(?=:\\d|>|\\)|$)");

    /**
     * One line: equal after trailing blanks are dropped, with "..." matching any text and a
     * snippet's number in "at #24:1" any snippet's number.
     */
    static boolean lineMatches(String expected, String actual) {
        String e = SNIPPET_ID.matcher(expected.stripTrailing()).replaceAll("#N");
        String a = SNIPPET_ID.matcher(actual.stripTrailing()).replaceAll("#N");
        if (!e.contains(ANY)) {
            return e.equals(a);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = e.split(Pattern.quote(ANY), -1);
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[k]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(a).matches();
    }

    /**
     * The difference, for a reader: the first line where they part (1-based, in the output
     * block), then the expected and actual lines with - and + marks.
     */
    static List<String> diff(List<String> expected, List<String> actual) {
        int k = 0;
        while (k < expected.size() && k < actual.size() && !expected.get(k).strip().equals(ANY)
                && lineMatches(expected.get(k), actual.get(k))) {
            k++;
        }
        List<String> out = new ArrayList<>();
        out.add(Messages.get("play.first-difference", k + 1));
        for (String line : expected) {
            out.add("  - " + line);
        }
        for (String line : actual) {
            out.add("  + " + line);
        }
        return out;
    }
}
