package aio.tutor;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where aio-tutor keeps what must outlive a session (history, lesson progress):
 * {@code $XDG_STATE_HOME/aio-tutor}, or {@code ~/.local/state/aio-tutor} when that is unset
 * or not absolute, as the XDG Base Directory spec says. {@code AIO_TUTOR_STATE} overrides
 * both (tests use it).
 */
final class StateDir {
    private StateDir() {
    }

    static Path of(Map<String, String> env) {
        String own = env.get("AIO_TUTOR_STATE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "aio-tutor");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "aio-tutor");
    }
}
