package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system) a process has used so far, from Linux's {@code /proc/PID/stat}:
 * how the echo bench tells what a connection costs the server, whatever else the machine runs.
 */
final class ProcessCpu {
    /** Linux's USER_HZ: the unit of /proc's CPU times. 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** Seconds of CPU used by process {@code pid} (all its threads), or NaN when unknown. */
    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // after "pid (comm) ": state is field 3, utime 14, stime 15; comm may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
