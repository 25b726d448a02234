package aio;

import static aio.Aio.await;
import static aio.Aio.createSubprocessExec;
import static aio.Aio.createSubprocessShell;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.getRunningLoop;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static aio.Aio.toThread;
import static aio.Aio.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subprocesses: ports of CPython's test_asyncio/test_subprocess.py (with POSIX tools instead of
 * the python executable), plus the pipe readers' back-pressure and the virtual clock. Most tests
 * run on the virtual clock: loop time stands still while a process runs, and a final
 * {@code sleep(3600)} that returns at once proves no external wait was left behind.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
    private static final SubprocessOptions PIPES = SubprocessOptions.pipes();
    /** No inherited stdin in tests: the test JVM's stdin belongs to the test runner. */
    private static final SubprocessOptions QUIET = SubprocessOptions.defaults().stdin(Stdio.DEVNULL);

    /** Runs {@code body} on the virtual clock, then checks the clock is free again. */
    private static <T> T runVirtual(Coro<T> body) {
        return run(() -> {
            T result = body.call();
            double before = time();
            sleep(3600); // hangs (until the test times out) if a pipe or exit wait leaked
            assertEquals(before + 3600, time(), 1e-9);
            return result;
        }, Options.virtual());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // test_subprocess.py: test_communicate (cat instead of PROGRAM_CAT)
    @Test
    void communicateEchoesThroughCat() {
        String[] r = runVirtual(() -> {
            try (Subprocess p = createSubprocessExec(PIPES, "cat")) {
                Subprocess.Output out = p.communicate("some data");
                return new String[] {out.stdoutText(), out.stderrText(), String.valueOf(p.returncode())};
            }
        });
        assertArrayEquals(new String[] {"some data", "", "0"}, r);
    }

    // test_subprocess.py: test_stdin_stdout
    @Test
    void writeDrainCloseThenReadAndWait() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES.stderr(Stdio.DEVNULL), "cat");
            p.stdin().write("some data".getBytes(StandardCharsets.UTF_8));
            p.stdin().drain();
            p.stdin().close();
            byte[] data = p.stdout().read();
            int code = p.waitFor();
            return List.of(code, text(data));
        });
        assertEquals(List.of(0, "some data"), r);
    }

    @Test
    void readsStdoutLineByLine() {
        List<String> lines = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdout(Stdio.PIPE), "printf", "a\\nb\\n");
            List<String> got = new ArrayList<>();
            got.add(p.stdout().readlineString());
            got.add(p.stdout().readlineString());
            got.add("[" + p.stdout().readlineString() + "]");
            got.add("atEof=" + p.stdout().atEof());
            got.add("exit=" + p.waitFor());
            return got;
        });
        assertEquals(List.of("a\n", "b\n", "[]", "atEof=true", "exit=0"), lines);
    }

    @Test
    void exitCodes() {
        List<Integer> codes = runVirtual(() -> List.of(
                createSubprocessExec(QUIET, "sh", "-c", "exit 3").waitFor(),
                createSubprocessExec(QUIET, "true").waitFor(),
                createSubprocessExec(QUIET, "sh", "-c", "exit 200").waitFor()));
        assertEquals(List.of(3, 0, 200), codes);
    }

    // test_subprocess.py: test_communicate_none_input
    @Test
    void communicateWithNoInput() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdin(Stdio.PIPE).stdout(Stdio.PIPE), "cat");
            Subprocess.Output o = p.communicate();
            return List.of(p.returncode(), o.stdoutText());
        });
        assertEquals(List.of(0, ""), r);
    }

    // test_subprocess.py: test_shell
    @Test
    void shellCommand() {
        int code = runVirtual(() -> createSubprocessShell("exit 7", QUIET).waitFor());
        assertEquals(7, code);
        String out = runVirtual(() -> createSubprocessShell("echo $((6 * 7)) | tr 4 X", QUIET.stdout(Stdio.PIPE))
                .communicate().stdoutText());
        assertEquals("X2\n", out);
    }

    // test_subprocess.py: test_kill
    @Test
    void killGivesMinusNine() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET, "sleep", "30");
            Integer before = p.returncode();
            p.kill();
            int code = p.waitFor();
            return Arrays.asList(before, code, p.returncode());
        });
        assertEquals(Arrays.asList(null, -9, -9), r);
    }

    // test_subprocess.py: test_kill_issue43884: the killed shell's child still holds stdout, so
    // wait() also waits for it to end; the return code is the shell's -9. On the real clock: the
    // test sleeps a second while the shell runs.
    @Test
    void killAShellWhoseChildHoldsStdout() {
        int code = run(() -> {
            Subprocess p = createSubprocessShell("sleep 1; sleep 1", QUIET.stdout(Stdio.PIPE));
            sleep(1);
            p.kill();
            return p.waitFor();
        });
        assertEquals(-Subprocess.SIGKILL, code);
    }

    // test_subprocess.py: test_terminate
    @Test
    void terminateGivesMinusFifteen() {
        int code = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET, "sleep", "30");
            p.terminate();
            return p.waitFor();
        });
        assertEquals(-Subprocess.SIGTERM, code);
    }

    // test_subprocess.py: test_send_signal (SIGALRM rather than SIGHUP: a launcher run under
    // nohup would make the child ignore SIGHUP; SIGALRM is 14 on Linux and macOS alike)
    @Test
    void sendSignalThroughTheKillCommand() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdout(Stdio.PIPE), "sh", "-c", "echo sleeping; exec sleep 30");
            String line = p.stdout().readlineString(); // basic synchronization: the program is running
            p.sendSignal(14);
            return List.of(line, p.waitFor());
        });
        assertEquals(List.of("sleeping\n", -14), r);
    }

    @Test
    void aSignalFromElsewhereIsReportedTheSameWay() {
        int code = runVirtual(() -> createSubprocessExec(QUIET, "sh", "-c", "kill -TERM $$; sleep 5").waitFor());
        assertEquals(-15, code);
    }

    // test_subprocess.py: test_proc_exited: its Process half (the return code is 6; then send_signal,
    // terminate and kill raise ProcessLookupError). The transport and protocol callbacks it also
    // checks (connection_made, process_exited, connection_lost) are not offered.
    @Test
    void signalsAfterTheProcessFinishedRaise() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET, "sh", "-c", "exit 6");
            p.waitFor();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.sendSignal(Subprocess.SIGTERM));
            assertThrows(IllegalStateException.class, p::terminate);
            assertThrows(IllegalStateException.class, p::kill);
            p.close();
            return List.of(p.returncode(), e.getMessage());
        });
        assertEquals(6, r.get(0));
        assertTrue(((String) r.get(1)).startsWith("ProcessLookupError"), (String) r.get(1));
    }

    @Test
    void largeOutputIsReadFullyWithoutDeadlock() {
        int[] sizes = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdout(Stdio.PIPE), "head", "-c", "5000000", "/dev/zero");
            byte[] viaCommunicate = p.communicate().stdout();
            Subprocess q = createSubprocessExec(QUIET.stdout(Stdio.PIPE), "head", "-c", "5000000", "/dev/zero");
            int n = 0;
            while (true) {
                byte[] chunk = q.stdout().read(100_000);
                if (chunk.length == 0) {
                    break;
                }
                n += chunk.length;
            }
            return new int[] {viaCommunicate.length, n, q.waitFor()};
        });
        assertArrayEquals(new int[] {5_000_000, 5_000_000, 0}, sizes);
    }

    /**
     * Back-pressure: nobody reads a 5 MB output, so the pump stops at about the limit (the
     * process then blocks on its full pipe). The virtual clock may then jump (the sleep
     * returns), because nothing outside can progress until the program reads. Reading resumes it.
     */
    @Test
    void backPressureBoundsTheBufferAndPausesThePump() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdout(Stdio.PIPE), "head", "-c", "5000000", "/dev/zero");
            sleep(1);
            StreamReader out = p.stdout();
            ReadPipeTransport pipe = p.stdoutTransport();
            List<Object> seen = new ArrayList<>();
            seen.add(out.isPaused());
            seen.add(out.buffered().length <= SubprocessOptions.DEFAULT_LIMIT + ReadPipeTransport.CHUNK);
            seen.add(p.returncode()); // still running: blocked on its full pipe
            seen.add(out.read().length);
            seen.add(p.waitFor());
            seen.add(pipe.pauses >= 1 && pipe.resumes >= 1);
            return seen;
        });
        assertEquals(Arrays.asList(true, true, null, 5_000_000, 0, true), r);
    }

    // test_subprocess.py: test_pause_reading (limit 10, 21 bytes of output)
    @Test
    void smallLimitPausesAndResumesReading() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES.limit(10), "printf", "x".repeat(21));
            ReadPipeTransport out = p.stdoutTransport();
            Subprocess.Output o = p.communicate();
            return List.of(o.stdoutText(), out.pauses >= 1, out.resumes >= 1);
        });
        assertEquals(List.of("x".repeat(21), true, true), r);
    }

    @Test
    void closingStdinEndsCat() {
        int code = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES.stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL), "cat");
            p.stdin().close();
            p.stdin().waitClosed();
            return p.waitFor();
        });
        assertEquals(0, code);
    }

    @Test
    void nonexistentCommandRaisesWithItsName() {
        UncheckedIOException e = runVirtual(() ->
                assertThrows(UncheckedIOException.class, () -> createSubprocessExec(QUIET, "no-such-command-xyz")));
        assertTrue(e.getMessage().contains("no-such-command-xyz"), e.getMessage());
        assertTrue(e.getCause().getMessage().contains("No such file"), e.getCause().getMessage());
    }

    // test_base_events.py: BaseEventLoopTests.test_subprocess_exec_invalid_args (the missing
    // program: asyncio's TypeError; its other cases, a list passed as one argument, an int
    // argument and the universal_newlines, shell and bufsize keywords, do not compile in Java)
    @Test
    void execWithoutAProgramIsRefused() {
        List<String> messages = runVirtual(() -> List.of(
                assertThrows(IllegalArgumentException.class, () -> createSubprocessExec()).getMessage(),
                assertThrows(IllegalArgumentException.class, () -> createSubprocessExec(QUIET)).getMessage()));
        assertEquals(List.of("program arguments must be a non-empty sequence",
                "program arguments must be a non-empty sequence"), messages);
    }

    // test_subprocess.py: test_stdin_not_inheritable (asyncio issue #209: communicate() hangs if the
    // child inherits our end of its stdin pipe). There is no close_fds=False to ask for:
    // ProcessBuilder always closes the parent's other descriptors in the child.
    @Test
    void stdinIsNotInherited() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES, "wc", "-c");
            Subprocess.Output o = p.communicate("abc");
            return List.of(o.stdoutText().strip(), p.waitFor());
        });
        assertEquals(List.of("3", 0), r);
    }

    // test_subprocess.py: test_devstdin_input (Linux only, as in CPython)
    @Test
    void devstdinInput() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "Linux only");
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES, "sh", "-c", "wc -c < /dev/stdin");
            Subprocess.Output o = p.communicate("abc");
            return List.of(o.stdoutText().strip(), p.waitFor());
        });
        assertEquals(List.of("3", 0), r);
    }

    // test_subprocess.py: test_empty_input
    @Test
    void emptyInput() {
        String out = runVirtual(() -> createSubprocessExec(PIPES, "wc", "-c").communicate(new byte[0]).stdoutText());
        assertEquals("0", out.strip());
    }

    // test_subprocess.py: test_devnull_input
    @Test
    void devnullInput() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES.stdin(Stdio.DEVNULL), "wc", "-c");
            Subprocess.Output o = p.communicate();
            return List.of(o.stdoutText().strip(), p.stdin() == null, p.waitFor());
        });
        assertEquals(List.of("0", true, 0), r);
    }

    // test_subprocess.py: test_devnull_output
    @Test
    void devnullOutput() {
        Subprocess.Output o = runVirtual(() -> createSubprocessExec(PIPES.stdout(Stdio.DEVNULL), "wc", "-c").communicate("abc"));
        assertNull(o.stdout());
        assertEquals("", o.stderrText());
    }

    // test_subprocess.py: test_devnull_error
    @Test
    void devnullError() {
        Subprocess.Output o = runVirtual(() -> createSubprocessExec(PIPES.stderr(Stdio.DEVNULL), "sh", "-c", "wc -c; echo oops >&2")
                .communicate("abc"));
        assertNull(o.stderr());
        assertEquals("3", o.stdoutText().strip());
    }

    @Test
    void stderrIntoStdout() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES.stderr(Stdio.STDOUT), "sh", "-c", "echo out; echo err >&2");
            return Arrays.asList(p.communicate().stdoutText(), p.stderr());
        });
        assertEquals(Arrays.asList("out\nerr\n", null), r);
    }

    @Test
    void workingDirectoryAndEnvironment(@TempDir Path dir) throws Exception {
        Path real = dir.toRealPath();
        Files.writeString(real.resolve("marker.txt"), "here");
        String out = runVirtual(() -> createSubprocessShell("pwd; cat marker.txt; echo; echo \"$GREETING\"",
                QUIET.stdout(Stdio.PIPE).cwd(real).env(Map.of("GREETING", "hello", "PATH", System.getenv("PATH"))))
                .communicate().stdoutText());
        assertEquals(real + "\nhere\nhello\n", out);
    }

    // test_subprocess.py: test_stdin_broken_pipe (drain() raises BrokenPipeError or ConnectionResetError)
    @Test
    void drainRaisesWhenTheProcessIsGone() {
        String msg = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES.stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL), "true");
            p.waitFor(); // the program ends before stdin can be fed
            p.stdin().write(new byte[1 << 20]);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, p.stdin()::drain);
            assertTrue(e instanceof BrokenPipeError || e instanceof ConnectionResetError, e.toString());
            assertThrows(UncheckedIOException.class, p.stdin()::drain); // and stays failed
            p.stdin().close();
            assertThrows(UncheckedIOException.class, p.stdin()::waitClosed);
            // As CPython's scenario: the program reads a little and exits while the write is under way.
            Subprocess q = createSubprocessExec(PIPES.stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL), "head", "-c", "1");
            q.stdin().write(new byte[1 << 20]);
            UncheckedIOException e2 = assertThrows(UncheckedIOException.class, q.stdin()::drain);
            assertTrue(e2 instanceof BrokenPipeError || e2 instanceof ConnectionResetError, e2.toString());
            assertEquals(0, q.waitFor());
            return e.getMessage();
        });
        assertTrue(msg.startsWith("stdin of "), msg);
    }

    // test_subprocess.py: test_communicate_ignore_broken_pipe
    @Test
    void communicateIgnoresBrokenPipe() {
        int code = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES, "true");
            p.waitFor();
            p.communicate(new byte[1 << 20]);
            return p.returncode();
        });
        assertEquals(0, code);
    }

    // test_subprocess.py: test_cancel_process_wait
    @Test
    void cancellingWaitForCancelsOnlyTheWait() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET, "sleep", "30");
            Task<Integer> waiter = createTask(p::waitFor);
            sleep(0);
            waiter.cancel();
            List<Object> seen = new ArrayList<>();
            try {
                await(waiter);
            } catch (CancelledError e) {
                seen.add("wait cancelled");
            }
            seen.add(p.returncode());
            p.kill();
            seen.add(p.waitFor());
            return seen;
        });
        assertEquals(Arrays.asList("wait cancelled", null, -9), r);
    }

    // test_subprocess.py: test_close_kill_running
    @Test
    void closeKillsARunningProcess() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdout(Stdio.PIPE), "sleep", "30");
            Integer before = p.returncode();
            p.close();
            p.close(); // idempotent
            return Arrays.asList(before, p.waitFor());
        });
        assertEquals(Arrays.asList(null, -9), r);
    }

    // test_subprocess.py: test_close_dont_kill_finished: the process was killed and reaped behind the
    // loop's back (the loop thread blocks meanwhile, so it is not told yet); close() must not kill it
    // again. Where asyncio's test mocks kill(), this one looks for the kill that debug mode logs.
    @Test
    void closeDoesNotKillAFinishedProcess() {
        List<String> log = new ArrayList<>();
        List<Object> r = run(() -> {
            getRunningLoop().setLogger(log::add);
            Subprocess p = createSubprocessExec(QUIET, "sleep", "30");
            java.lang.Process proc = p.process();
            // kill the process (but the loop is not notified immediately)
            proc.destroyForcibly();
            proc.waitFor();
            boolean procExited = !proc.isAlive();
            Integer returncode = p.returncode();
            p.close();
            return Arrays.asList(procExited, returncode);
        }, Options.defaults().debug(true));
        assertEquals(Arrays.asList(true, null), r);
        assertTrue(log.stream().noneMatch(line -> line.contains("Close running child process")), log.toString());
    }

    // test_subprocess.py: test_read_stdout_after_process_exit (256 KiB, exit 1, slow reader)
    @Test
    void readStdoutAfterProcessExit() {
        List<Integer> r = runVirtual(() -> {
            Subprocess p = createSubprocessShell("head -c 262144 /dev/zero; exit 1", QUIET.stdout(Stdio.PIPE));
            int total = 0;
            while (true) {
                byte[] data = p.stdout().read(65536);
                if (data.length == 0) {
                    break;
                }
                total += data.length;
                sleep(0.3);
            }
            return List.of(total, p.waitFor());
        });
        assertEquals(List.of(262144, 1), r);
    }

    /** test_subprocess.py's check_stdout_output: communicate, return code 0, then wait() answers at once. */
    private static void checkStdoutOutput(Subprocess proc, String output) {
        Subprocess.Output o = proc.communicate();
        assertEquals(output, o.stdoutText());
        assertEquals(0, proc.returncode());
        Task<Integer> task = createTask(proc::waitFor);
        sleep(0);
        assertEquals(proc.returncode(), task.result());
    }

    // test_subprocess.py: test_create_subprocess_env_shell
    @Test
    void environmentOfAShellCommand() {
        runVirtual(() -> {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("FOO", "bar");
            checkStdoutOutput(createSubprocessShell("printf %s \"$FOO\"", QUIET.stdout(Stdio.PIPE).env(env)), "bar");
            return null;
        });
    }

    // test_subprocess.py: test_create_subprocess_env_exec
    @Test
    void environmentOfAProgram() {
        runVirtual(() -> {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("FOO", "baz");
            checkStdoutOutput(createSubprocessExec(QUIET.stdout(Stdio.PIPE).env(env), "printenv", "FOO"), "baz\n");
            return null;
        });
    }

    // test_subprocess.py: test_subprocess_concurrent_wait
    @Test
    void concurrentWaitsAllGetTheReturnCode() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdin(Stdio.PIPE).stdout(Stdio.PIPE), "cat");
            Subprocess.Output o = p.communicate("some data");
            List<Coro<Integer>> waits = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                waits.add(p::waitFor);
            }
            return List.of(o.stdoutText(), p.returncode(), await(gather(waits)));
        });
        assertEquals(List.of("some data", 0, Collections.nCopies(10, 0)), r);
    }

    // test_subprocess.py: test_subprocess_communicate_stdout (cpython#100133: concurrent
    // communicate() calls, stdout alone a pipe)
    @Test
    void concurrentCommunicateWithStdoutOnly() {
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            outputs.add("foo" + i);
        }
        List<String> res = runVirtual(() -> {
            List<Coro<String>> coros = new ArrayList<>();
            for (String out : outputs) {
                coros.add(() -> createSubprocessExec(QUIET.stdout(Stdio.PIPE), "echo", out).communicate().stdoutText().strip());
            }
            return await(gather(coros));
        });
        assertEquals(outputs, res);
    }

    // test_subprocess.py: test_subprocess_send_signal_race (cpython#87744; Linux only, as there): a
    // signal sent about when the process ends raises ProcessLookupError or does no harm; the
    // return code is never 255. SIGUSR1 is 10 on Linux. On the real clock.
    @Test
    void sendSignalRacingTheExit() {
        assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "Linux only");
        run(() -> {
            for (int i = 0; i < 10; i++) {
                Subprocess p = createSubprocessExec(QUIET, "sleep", "0.1");
                sleep(0.1);
                try {
                    p.sendSignal(10);
                } catch (IllegalStateException processLookupError) {
                    // it had ended
                }
                assertNotEquals(255, p.waitFor());
            }
        });
    }

    // test_subprocess.py: GenericWatcherTests.test_create_subprocess_with_pidfd, without the pidfd
    // child watcher, which is CPython's: a loop that to_thread runs in a worker thread, while the
    // main loop runs, starts a process and communicates with it (the test's check that
    // get_event_loop() raises there is about the event-loop policy, not offered)
    @Test
    void subprocessOfALoopInAWorkerThread() {
        List<Object> r = run(() -> toThread(() -> run(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdin(Stdio.PIPE).stdout(Stdio.PIPE), "cat");
            Subprocess.Output o = p.communicate("some data");
            return List.<Object>of(p.returncode(), o.stdoutText());
        })));
        assertEquals(List.of(0, "some data"), r);
    }

    @Test
    void readexactlyBeyondTheLimitDoesNotDeadlock() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdout(Stdio.PIPE).limit(16), "head", "-c", "1000", "/dev/zero");
            byte[] first = p.stdout().readexactly(900);
            IncompleteReadError e = assertThrows(IncompleteReadError.class,
                    () -> p.stdout().readexactly(200));
            return List.of(first.length, e.partial().length, e.expected(), p.waitFor());
        });
        assertEquals(List.of(900, 100, 200, 0), r);
    }

    @Test
    void readuntilAndLimits() {
        List<Object> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET.stdout(Stdio.PIPE).limit(8), "printf", "ab::cd::0123456789abcdef\\nlast");
            StreamReader out = p.stdout();
            List<Object> seen = new ArrayList<>();
            seen.add(out.readuntilString("::"));
            seen.add(text(out.readuntil("::".getBytes(StandardCharsets.UTF_8))));
            // 17 bytes before the newline, limit 8: readline raises ValueError and drops the line
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, out::readline);
            seen.add(tooLong.getMessage().startsWith("Separator ")); // found but too far, or not found within the limit
            IncompleteReadError eof = assertThrows(IncompleteReadError.class,
                    () -> out.readuntil(new byte[] {'!'}));
            seen.add(text(eof.partial()));
            seen.add(out.atEof());
            seen.add(p.waitFor());
            return seen;
        });
        assertEquals(List.of("ab::", "cd::", true, "last", true, 0), r);
    }

    @Test
    void oneReaderAtATime() {
        String msg = runVirtual(() -> {
            Subprocess p = createSubprocessExec(PIPES, "cat");
            Task<byte[]> first = createTask(() -> p.stdout().read(10));
            sleep(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.stdout().read(10));
            p.stdin().write("x");
            p.stdin().close();
            assertEquals("x", text(await(first)));
            p.waitFor();
            return e.getMessage();
        });
        assertTrue(msg.contains("already waiting for incoming data"), msg);
    }

    @Test
    void severalProcessesConcurrently() {
        List<String> outs = runVirtual(() -> {
            List<Coro<String>> coros = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String word = "p" + i;
                coros.add(() -> createSubprocessExec(PIPES, "cat").communicate(word).stdoutText());
            }
            return await(gather(coros));
        });
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), outs);
    }

    /** On the real clock a timeout does fire while a process runs (on the virtual clock it cannot). */
    @Test
    void timeoutOnTheRealClock() {
        List<Object> r = run(() -> {
            Subprocess p = createSubprocessExec(QUIET, "sleep", "30");
            List<Object> seen = new ArrayList<>();
            try {
                waitFor(p::waitFor, 0.2);
            } catch (TimeoutError e) {
                seen.add("timed out");
            }
            seen.add(p.returncode());
            p.kill();
            seen.add(p.waitFor());
            return seen;
        });
        assertEquals(Arrays.asList("timed out", null, -9), r);
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> SubprocessOptions.defaults().stdout(Stdio.STDOUT));
        assertThrows(IllegalArgumentException.class, () -> SubprocessOptions.defaults().limit(0));
        assertThrows(IllegalArgumentException.class, () -> runVirtual(() -> createSubprocessExec(QUIET)));
        assertThrows(IllegalStateException.class, () -> createSubprocessExec("true")); // no running loop
    }

    @Test
    void reprShowsPidAndState() {
        List<String> r = runVirtual(() -> {
            Subprocess p = createSubprocessExec(QUIET, "sh", "-c", "exit 4");
            String running = p.toString();
            p.waitFor();
            return List.of(running, p.toString(), String.valueOf(p.pid()));
        });
        assertEquals("<Subprocess " + r.get(2) + " running>", r.get(0));
        assertEquals("<Subprocess " + r.get(2) + " returncode=4>", r.get(1));
    }
}
