package aio.tutor;

/**
 * Playback's port trick: lessons speak of the lecture's port 9996, but a played lesson's server
 * listens on a free port (tests run side by side). Once {@code :start-server} has said which
 * port, it is shown as 9996, and 9996 in the lesson's code means it.
 */
final class ReverseEchoPort {
    static final int LESSON = 9996;

    private ReverseEchoPort() {
    }

    /** {@code text} with {@code from} (a port number) written as {@code to}. */
    static String replace(String text, int from, int to) {
        return from == 0 ? text : text.replaceAll("\\b" + from + "\\b", String.valueOf(to));
    }
}
