package aio;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Starting processes for {@link Aio#createSubprocessExec} and {@link Aio#createSubprocessShell}:
 * the options as a {@link ProcessBuilder}, and the few things that differ between Java and
 * asyncio (return codes, signals).
 */
final class SubprocessLauncher {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private SubprocessLauncher() {
    }

    /**
     * Starts {@code args} (program first) and returns its {@link Subprocess}. Runs on the loop
     * thread: starting a process takes about a millisecond, as in asyncio. Raises
     * {@link UncheckedIOException} naming the program if it cannot be started (asyncio's
     * FileNotFoundError / PermissionError).
     */
    static Subprocess exec(EventLoop loop, List<String> args, SubprocessOptions options) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("program arguments must be a non-empty sequence");
        }
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.redirectInput(switch (options.stdin()) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null"));
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case STDOUT -> throw new IllegalArgumentException("Stdio.STDOUT is only valid for stderr");
        });
        pb.redirectOutput(output(options.stdout()));
        if (options.stderr() == Stdio.STDOUT) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(output(options.stderr()));
        }
        if (options.cwd() != null) {
            pb.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            pb.environment().clear();
            pb.environment().putAll(options.env());
        }
        java.lang.Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start '" + args.get(0) + "': " + e.getMessage(), e);
        }
        return new Subprocess(loop, p, List.copyOf(args), options);
    }

    private static ProcessBuilder.Redirect output(Stdio s) {
        return switch (s) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case STDOUT -> throw new IllegalArgumentException("Stdio.STDOUT is only valid for stderr");
        };
    }

    /** The arguments that run {@code cmd} through the shell: {@code /bin/sh -c cmd} (cmd.exe /c on Windows). */
    static List<String> shellArgs(String cmd) {
        return WINDOWS ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd);
    }

    /**
     * Java's exit value in asyncio's convention. Java reports a process killed by signal N as
     * 128 + N (what shells do); asyncio as -N. So on POSIX a value in 129..192 (signals 1..64)
     * becomes -(value - 128). A program that really calls exit(130) is therefore reported as
     * -2: Java gives no way to tell the two apart.
     */
    static int returncode(int exitValue) {
        if (!WINDOWS && exitValue > 128 && exitValue <= 128 + 64) {
            return -(exitValue - 128);
        }
        return exitValue;
    }

    /**
     * Sends signal {@code sig} to the process with the kill command (Java has no API for other
     * signals than TERM and KILL); raises if kill fails while the process is still alive.
     */
    static void sendSignal(java.lang.Process process, int sig) {
        long pid = process.pid();
        if (WINDOWS) {
            throw new UnsupportedOperationException("sendSignal(" + sig + ") is POSIX only; use terminate() or kill()");
        }
        ProcessBuilder pb = new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(false);
        try {
            java.lang.Process kill = pb.start();
            String err = new String(kill.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = kill.waitFor();
            // ESRCH: it has exited, and the JDK has reaped it but not yet said so (isAlive() lags
            // behind by a moment): as for an exit the loop has not seen, nothing to do
            if (status != 0 && process.isAlive() && !err.contains("No such process")) {
                throw new IllegalArgumentException("kill -" + sig + " " + pid + " failed: " + err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill to send signal " + sig, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending signal " + sig, e);
        }
    }
}
