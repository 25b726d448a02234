package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident set of this process, from Linux's {@code /proc/self/status}. */
final class PeakRss {
    private PeakRss() {
    }

    /** VmHWM in KiB, or -1 where there is no /proc (macOS). */
    static long kib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: unknown
        }
        return -1;
    }
}
