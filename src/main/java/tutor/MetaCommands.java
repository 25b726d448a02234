package tutor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's meta-commands: their names, usage, help text and what runs them. A command
 * answers with one line when it is misused, and {@link #suggest} finds the nearest name for a
 * misspelt one ({@code :sned} → {@code :send}).
 */
final class MetaCommands {

    /** What a command does; false when it failed (a piped session then exits non-zero). */
    @FunctionalInterface
    interface Action {
        boolean run(String args);
    }

    /**
     * One command.
     *
     * @param name    ":send"
     * @param usage   ":send MESSAGE [port]"
     * @param summary one line for the :help list
     * @param help    the longer text for :help send
     */
    record Command(String name, String usage, String summary, String help, Action action) {
    }

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final java.util.Set<String> aliases = new java.util.HashSet<>();

    void add(String usage, String summary, String help, Action action) {
        String name = usage.split(" ", 2)[0];
        commands.put(name, new Command(name, usage, summary, help, action));
    }

    /** Forgets every command: the families then add theirs again (in another language, after :lang). */
    void clear() {
        commands.clear();
        aliases.clear();
    }

    /** Adds another name for a command already added. */
    void alias(String alias, String name) {
        Command c = commands.get(name);
        commands.put(alias, new Command(alias, c.usage(), c.summary(), c.help(), c.action()));
        aliases.add(alias);
    }

    /** Each command once (aliases left out), in the order they were added. */
    List<Command> all() {
        List<Command> distinct = new ArrayList<>();
        for (Map.Entry<String, Command> e : commands.entrySet()) {
            if (!aliases.contains(e.getKey())) {
                distinct.add(e.getValue());
            }
        }
        return distinct;
    }

    /** Every name, aliases included: for completion. */
    List<String> names() {
        return List.copyOf(commands.keySet());
    }

    /**
     * The command called {@code name} (with or without its colon), or the only one it is an
     * unambiguous prefix of ({@code :st} is ambiguous, {@code :sen} is :send).
     */
    Optional<Command> find(String name) {
        String n = name.startsWith(":") ? name : ":" + name;
        Command exact = commands.get(n);
        if (exact != null) {
            return Optional.of(exact);
        }
        List<Command> prefixed = commands.values().stream().filter(c -> c.name().startsWith(n)).toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    /** The command name nearest to a misspelt {@code name}, if one is near enough to suggest. */
    Optional<String> suggest(String name) {
        String n = name.startsWith(":") ? name : ":" + name;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : commands.keySet()) {
            int d = distance(n, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, (n.length() - 1) / 2));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
