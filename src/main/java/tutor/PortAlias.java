package tutor;

/**
 * Playback's port trick: lessons speak of the lecture's port 9996, but a played lesson's server
 * listens on a free port (tests run side by side). Once {@code :start-server} has said which
 * port, it is shown as 9996, and 9996 in the lesson's code means it. Outside playback it does
 * nothing.
 */
final class PortAlias {
    static final int LESSON = 9996;

    private final boolean playback;
    /** The server's real port, shown as 9996; 0 when there is none. */
    private volatile int real;

    PortAlias(boolean playback) {
        this.playback = playback;
    }

    /** The port :start-server should ask for when the learner asked for {@code wanted}: 0 (any) for 9996 in playback. */
    int toListen(int wanted) {
        return playback && wanted == LESSON ? 0 : wanted;
    }

    /** The server listens on {@code port}, asked for as {@code wanted}. */
    void listening(int wanted, int port) {
        if (playback && wanted == LESSON) {
            real = port;
        }
    }

    /** The server has gone (:reset, a restart): nothing to translate any more. */
    void clear() {
        real = 0;
    }

    /** Input as typed: 9996 means the real port. */
    String input(String text) {
        return replace(text, LESSON, real);
    }

    /** Output as shown: the real port reads 9996. */
    String output(String text) {
        return replace(text, real, LESSON);
    }

    private static String replace(String text, int from, int to) {
        return from == 0 || to == 0 ? text : text.replaceAll("\\b" + from + "\\b", String.valueOf(to));
    }
}
