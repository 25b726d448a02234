package bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system) a process has used so far: another process's from Linux's
 * {@code /proc/PID/stat} (how the echo bench tells what a connection costs the server, whatever
 * else the machine runs), this one's from {@code getrusage}.
 */
final class ProcessCpu {
    /** Linux's USER_HZ: the unit of /proc's CPU times. 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** {@code int getrusage(int who, struct rusage *usage)}, or null where it cannot be called. */
    private static final MethodHandle GETRUSAGE = getrusage();
    private static final int RUSAGE_SELF = 0;
    /** struct rusage begins with ru_utime and ru_stime, each {long tv_sec; long tv_usec} on 64-bit Linux and macOS. */
    private static final long RUSAGE_BYTES = 256;

    private static MethodHandle getrusage() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("getrusage")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Seconds of CPU this process has used, every thread's (the JIT's and the collector's too),
     * to the microsecond: /proc counts in hundredths of a second, too coarse for a run of a few
     * milliseconds. Falls back to the JDK's count (those hundredths); NaN when neither is there.
     */
    static double self() {
        if (GETRUSAGE != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment usage = arena.allocate(RUSAGE_BYTES, 8);
                if ((int) GETRUSAGE.invokeExact(RUSAGE_SELF, usage) == 0) {
                    return usage.get(JAVA_LONG, 0) + usage.get(JAVA_LONG, 8) / 1e6
                            + usage.get(JAVA_LONG, 16) + usage.get(JAVA_LONG, 24) / 1e6;
                }
            } catch (Throwable e) {
                // fall back below
            }
        }
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
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
