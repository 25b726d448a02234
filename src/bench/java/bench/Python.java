package bench;

import java.nio.file.Path;

/** The CPython peers run on python3 from the PATH. */
final class Python {
    private Python() {
    }

    /** The python3 on the PATH, or null. */
    static String command() {
        Path p = Procs.onPath("python3");
        return p == null ? null : p.toString();
    }
}
