package tutor;

/**
 * What a line of console output is, which decides its colour. Colour is used only on a
 * terminal, never with {@code NO_COLOR} set or {@code --plain}: see {@link #wrap}.
 */
enum Style {
    /** Snippet output (System.out), server lines: the learner's own text, uncoloured. */
    PLAIN(""),
    /** A snippet's value: {@code x ==> 42}. */
    VALUE("\033[36m"),
    /** Quiet information: "created method foo()", banner, help. */
    INFO("\033[2m"),
    /** Something that went wrong. */
    ERROR("\033[31m"),
    /** What the console itself reports: "serving on ...", "sent [..] => received: [..]". */
    NOTE("\033[32m"),
    /** Headings in help and tables. */
    HEADING("\033[1m");

    private static final String RESET = "\033[0m";
    private final String ansi;

    Style(String ansi) {
        this.ansi = ansi;
    }

    /** {@code text} in this style's colour when {@code colour} is on; unchanged otherwise. */
    String wrap(String text, boolean colour) {
        return colour && !ansi.isEmpty() && !text.isEmpty() ? ansi + text + RESET : text;
    }

    /** Whether colour is wanted: a terminal, no NO_COLOR (any non-empty value), no --plain. */
    static boolean colourWanted(boolean terminal, boolean plainFlag, String noColorEnv) {
        return terminal && !plainFlag && (noColorEnv == null || noColorEnv.isEmpty());
    }
}
