package aio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process started by {@link Aio#createSubprocessExec} or {@link Aio#createSubprocessShell}:
 * asyncio's {@code asyncio.subprocess.Process}. Its pipes, where the options asked for
 * {@link Stdio#PIPE}, are {@link #stdin()} (a {@link StreamWriter}), {@link #stdout()} and
 * {@link #stderr()} (each a {@link StreamReader}), and null otherwise: the stream classes of
 * sockets, as in asyncio. Use it on the loop's thread; the methods that wait suspend the
 * calling task.
 *
 * <pre>{@code
 * var p = createSubprocessExec(SubprocessOptions.pipes(), "cat");
 * var out = p.communicate("hello");        // writes, closes stdin, reads both pipes, waits
 * out.stdoutText();                        // "hello"; p.returncode() is 0
 * }</pre>
 *
 * <p>Return codes follow asyncio: the exit status, or -N when signal N killed the process (see
 * {@link SubprocessLauncher#returncode} for how Java's 128 + N is converted). With the virtual clock,
 * loop time stands still while the process runs: its pipes and its exit are external waits, so
 * a timeout on a running process only fires on the real clock.
 *
 * <p>{@link #close()} (try-with-resources) kills the process if it is still running, as closing
 * asyncio's transport does. A process left running when its loop closes keeps running.
 */
public final class Subprocess implements AutoCloseable {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    /** What {@link #communicate} returns: the bytes each pipe gave, null where it was not a pipe. */
    public record Output(byte[] stdout, byte[] stderr) {
        /** stdout decoded as UTF-8, or null. */
        public String stdoutText() {
            return stdout == null ? null : new String(stdout, StandardCharsets.UTF_8);
        }

        /** stderr decoded as UTF-8, or null. */
        public String stderrText() {
            return stderr == null ? null : new String(stderr, StandardCharsets.UTF_8);
        }
    }

    private final EventLoop loop;
    private final java.lang.Process process;
    private final List<String> args;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    /** What feeds stdout and stderr (null where it is not a pipe). */
    private final ReadPipeTransport stdoutPipe;
    private final ReadPipeTransport stderrPipe;

    private Integer returncode;
    /** Exited, and every output pipe reached end of file: {@link #waitFor()} may return (asyncio's _finished). */
    private boolean finished;
    /** True while the exit is counted as an external wait of the loop. */
    private boolean exitHeld;
    private boolean closed;
    private final List<Future<Integer>> exitWaiters = new ArrayList<>();

    Subprocess(EventLoop loop, java.lang.Process process, List<String> args, SubprocessOptions options) {
        this.loop = loop;
        this.process = process;
        this.args = args;
        long pid = process.pid();
        if (options.stdin() == Stdio.PIPE) {
            WritePipeTransport t = new WritePipeTransport(loop, process.getOutputStream(), "stdin of " + pid);
            stdin = new StreamWriter(t, t.protocol(), null);
        } else {
            stdin = null;
        }
        stdout = options.stdout() == Stdio.PIPE ? new StreamReader(options.limit()) : null;
        stderr = options.stderr() == Stdio.PIPE ? new StreamReader(options.limit()) : null;
        stdoutPipe = stdout == null ? null : new ReadPipeTransport(loop, "stdout of " + pid, stdout);
        stderrPipe = stderr == null ? null : new ReadPipeTransport(loop, "stderr of " + pid, stderr);
        updateExitHold();
        if (stdoutPipe != null) {
            stdoutPipe.onFlowChange(this::updateExitHold);
            stdoutPipe.onEnd(this::tryFinish);
            stdoutPipe.start(process.getInputStream());
        }
        if (stderrPipe != null) {
            stderrPipe.onFlowChange(this::updateExitHold);
            stderrPipe.onEnd(this::tryFinish);
            stderrPipe.start(process.getErrorStream());
        }
        process.onExit().whenComplete((p, e) -> ToThread.deliver(loop, this::exited));
    }

    /** The pipe to the process's standard input, or null if stdin was not {@link Stdio#PIPE}. */
    public StreamWriter stdin() {
        return stdin;
    }

    /** The pipe from the process's standard output, or null if stdout was not {@link Stdio#PIPE}. */
    public StreamReader stdout() {
        return stdout;
    }

    /** The pipe from the process's standard error, or null if stderr was not {@link Stdio#PIPE}. */
    public StreamReader stderr() {
        return stderr;
    }

    /** The transport feeding {@link #stdout()}, or null (for tests: asyncio's get_pipe_transport(1)). */
    ReadPipeTransport stdoutTransport() {
        return stdoutPipe;
    }

    /** The Java process (for tests: asyncio's get_extra_info('subprocess')). */
    java.lang.Process process() {
        return process;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The program and its arguments, as started ({@code /bin/sh -c cmd} for a shell command). */
    public List<String> args() {
        return args;
    }

    /**
     * The return code once the loop has seen the process exit: the exit status, or -N if signal
     * N killed it; null while it runs.
     */
    public Integer returncode() {
        return returncode;
    }

    /**
     * Suspends the current task until the process has exited and its stdout/stderr pipes have
     * reached end of file (as asyncio's {@code wait()}), and returns the return code. Cancelling
     * the task cancels only the wait, not the process.
     *
     * <p>As in asyncio, this can wait forever when stdout or stderr is a pipe that nobody
     * reads and the process writes more than the pipes hold: use {@link #communicate}.
     * (The name is not {@code wait}, which Object.wait takes.)
     */
    public int waitFor() {
        if (finished) {
            return returncode;
        }
        Future<Integer> w = new Future<>(loop);
        exitWaiters.add(w);
        try {
            return Aio.await(w);
        } finally {
            exitWaiters.remove(w);
        }
    }

    /** {@link #communicate(byte[])} with no input. */
    public Output communicate() {
        return communicate((byte[]) null);
    }

    /** {@link #communicate(byte[])} with the string's UTF-8 bytes. */
    public Output communicate(String input) {
        return communicate(input == null ? null : input.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Interacts with the process, concurrently: writes {@code input} (if not null) to stdin and
     * closes it, reads stdout and stderr to end of file, then waits for the process to exit.
     * Returns what was read, with null for a stream that is not a pipe. Broken pipe and
     * connection reset errors while feeding stdin are ignored (the process may exit without
     * reading). {@code input} is ignored when stdin is not a pipe, as in asyncio. Cancelling the
     * task cancels the reading and writing, not the process.
     */
    public Output communicate(byte[] input) {
        List<Awaitable<?>> parts = new ArrayList<>(3);
        if (stdin != null) {
            parts.add((Coro<Void>) () -> {
                feedStdin(input);
                return null;
            });
        }
        int outAt = -1;
        int errAt = -1;
        if (stdout != null) {
            outAt = parts.size();
            parts.add((Coro<byte[]>) stdout::read);
        }
        if (stderr != null) {
            errAt = parts.size();
            parts.add((Coro<byte[]>) stderr::read);
        }
        List<Object> results = parts.isEmpty() ? List.of() : Aio.await(Gather.gather(loop, parts, false));
        waitFor();
        return new Output(outAt < 0 ? null : (byte[]) results.get(outAt),
                errAt < 0 ? null : (byte[]) results.get(errAt));
    }

    private void feedStdin(byte[] input) {
        try {
            if (input != null) {
                stdin.write(input);
            }
            stdin.drain();
        } catch (BrokenPipeError | ConnectionResetError e) {
            // communicate() ignores BrokenPipeError and ConnectionResetError, as asyncio's does
            if (loop.getDebug()) {
                loop.log(this + " communicate: stdin got " + e);
            }
        }
        stdin.close();
        try {
            stdin.waitClosed();
        } catch (BrokenPipeError | ConnectionResetError ignored) {
            // same: the process may exit without reading its input
        }
    }

    /**
     * Sends signal {@code sig} to the process (SIGTERM and SIGKILL directly, others through the
     * kill command). Does nothing if the process has exited but the loop has not seen it yet;
     * raises {@link IllegalStateException} (asyncio's ProcessLookupError) once {@link #waitFor}
     * could return.
     */
    public void sendSignal(int sig) {
        if (finished) {
            throw new IllegalStateException("ProcessLookupError: process " + pid() + " has exited");
        }
        if (!process.isAlive()) {
            return;
        }
        switch (sig) {
            case SIGKILL -> process.toHandle().destroyForcibly(); // unlike Subprocess.destroy, keeps the pipes open
            case SIGTERM -> process.toHandle().destroy();
            default -> SubprocessLauncher.sendSignal(process, sig);
        }
    }

    /** Sends SIGTERM (POSIX); see {@link #sendSignal}. */
    public void terminate() {
        sendSignal(SIGTERM);
    }

    /** Sends SIGKILL (POSIX); see {@link #sendSignal}. */
    public void kill() {
        sendSignal(SIGKILL);
    }

    /**
     * Kills the process if it is still running, closes stdin, and lets the reader threads run to
     * end of file without waiting for anyone to read. Idempotent; cancels nothing.
     */
    @Override
    public void close() {
        loop.checkThread(); // before anything changes
        if (closed) {
            return;
        }
        closed = true;
        if (returncode == null && process.isAlive()) {
            if (loop.getDebug()) {
                loop.log("Close running child process: kill " + this);
            }
            process.toHandle().destroyForcibly();
        }
        if (stdin != null) {
            stdin.close();
        }
        if (stdoutPipe != null) {
            stdoutPipe.abandon();
        }
        if (stderrPipe != null) {
            stderrPipe.abandon();
        }
    }

    // ---- loop side ----

    private void exited() {
        returncode = SubprocessLauncher.returncode(process.exitValue());
        if (loop.getDebug()) {
            loop.log(this + " exited with return code " + returncode);
        }
        updateExitHold();
        tryFinish();
    }

    private void tryFinish() {
        if (finished || returncode == null) {
            return;
        }
        if ((stdoutPipe != null && !stdoutPipe.finished()) || (stderrPipe != null && !stderrPipe.finished())) {
            return;
        }
        finished = true;
        for (Future<Integer> w : List.copyOf(exitWaiters)) {
            if (!w.done()) {
                w.setResult(returncode);
            }
        }
    }

    /**
     * The exit is an external wait while the process runs, except while one of its output pipes
     * is paused for back-pressure: the process may then be blocked writing, and only the
     * program reading can unblock it, so the virtual clock must be free to move.
     */
    private void updateExitHold() {
        boolean want = returncode == null
                && !(stdoutPipe != null && stdoutPipe.paused())
                && !(stderrPipe != null && stderrPipe.paused());
        if (want != exitHeld) {
            exitHeld = want;
            if (want) {
                loop.externalWaitBegan();
            } else {
                loop.externalWaitEnded();
            }
        }
    }

    @Override
    public String toString() {
        return "<Subprocess " + pid() + (returncode == null ? " running" : " returncode=" + returncode) + ">";
    }
}
