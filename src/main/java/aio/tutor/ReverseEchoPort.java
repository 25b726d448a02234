package aio.tutor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playback's port trick: lessons speak of the lecture's port 9996, but a played lesson's server
 * listens on a free port (tests run side by side). The first "serving on" line names the real
 * port; from then on it is shown as 9996, and 9996 in the lesson's code means it.
 */
final class ReverseEchoPort {
    static final int LESSON = 9996;
    private static final Pattern SERVING = Pattern.compile("serving on \\('127\\.0\\.0\\.1', (\\d+)\\)");

    private ReverseEchoPort() {
    }

    /** The line as the lesson would show it: the real port replaced by 9996. */
    static String alias(String line, Console console) {
        if (console.aliasedPort() == 0) {
            Matcher m = SERVING.matcher(line);
            if (!m.find()) {
                return line;
            }
            console.aliasPort(Integer.parseInt(m.group(1)));
        }
        return line.replaceAll("\\b" + console.aliasedPort() + "\\b", String.valueOf(LESSON));
    }
}
