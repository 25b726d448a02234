package aio;

import java.io.PrintStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A task's frames, for {@link Task#getStack()} and {@link Task#printStack()} (asyncio's
 * {@code base_tasks._task_get_stack} and {@code _task_print_stack}), and the creation sites
 * debug mode records ({@link Future#getSourceTraceback()}).
 *
 * <p>Where this differs from asyncio:
 * <ul>
 * <li>a suspended task shows every frame of its body, from the lambda given to
 *     {@code createTask} to the innermost call that awaits: a coroutine it awaits is a plain
 *     call on the same stack. asyncio shows only the outermost coroutine's frame ("for reasons
 *     beyond our control");
 * <li>a task that has not started has no frame yet (asyncio shows its coroutine's first line);
 *     a task asked for its own stack shows its own frames, not the loop's below them;
 * <li>a failed task shows where its exception was created (Java records that, not where it was
 *     thrown), within the task; an exception made elsewhere shows its whole stack;
 * <li>the runtime's own frames (the classes of {@code aio} itself, and the continuation's) are
 *     left out everywhere, as its internals.
 * </ul>
 */
final class TaskStack {
    /** asyncio's {@code constants.DEBUG_STACK_DEPTH}: how many frames a creation site keeps. */
    static final int DEBUG_STACK_DEPTH = 10;

    private static final String CONTINUATION = "jdk.internal.vm.Continuation";
    private static final ConcurrentHashMap<String, Boolean> RUNTIME_CLASSES = new ConcurrentHashMap<>();
    private static final URL RUNTIME_LOCATION = location(Task.class);
    /**
     * Packages a host that runs code on the loop names as its own plumbing, to be left out as the
     * runtime's frames are: the system property {@code aio.hiddenFrames}, comma-separated
     * prefixes (the tutorial's agent, which runs each snippet as a task, gives "tutor.agent.").
     */
    private static final List<String> HIDDEN = List.of(System.getProperty("aio.hiddenFrames", "").split(",")).stream()
            .map(String::strip).filter(p -> !p.isEmpty()).toList();

    private TaskStack() {
    }

    /** {@link Task#getStack(int)}: oldest first; {@code limit} null for all. */
    static StackTraceElement[] frames(Task<?> task, Integer limit) {
        if (!task.done()) {
            int depth = task.nestedDepth();
            StackTraceElement[] raw = depth >= 0 ? segment(new Throwable().getStackTrace(), depth) : task.suspendedFrames();
            List<StackTraceElement> frames = visibleOldestFirst(raw);
            // a stack: the newest frames
            return (limit == null ? frames : frames.subList(Math.max(0, frames.size() - Math.max(0, limit)), frames.size()))
                    .toArray(StackTraceElement[]::new);
        }
        Throwable exc = task.cancelled() ? null : task.rawException();
        if (exc == null) {
            return new StackTraceElement[0];
        }
        List<StackTraceElement> frames = visibleOldestFirst(segment(exc.getStackTrace(), 0));
        // a traceback: the oldest frames
        return (limit == null ? frames : frames.subList(0, Math.min(frames.size(), Math.max(0, limit))))
                .toArray(StackTraceElement[]::new);
    }

    /** {@link Task#printStack(int, PrintStream)}: asyncio's {@code _task_print_stack}. */
    static void print(Task<?> task, Integer limit, PrintStream out) {
        StackTraceElement[] frames = frames(task, limit);
        Throwable exc = task.done() && !task.cancelled() ? task.rawException() : null;
        StringBuilder sb = new StringBuilder();
        if (frames.length == 0) {
            sb.append("No stack for ").append(task).append('\n');
        } else if (exc != null) {
            sb.append("Traceback for ").append(task).append(" (most recent call last):\n");
        } else {
            sb.append("Stack for ").append(task).append(" (most recent call last):\n");
        }
        sb.append(format(Arrays.asList(frames)));
        if (exc != null) {
            sb.append(exc).append('\n'); // traceback.format_exception_only
        }
        out.print(sb);
        out.flush();
    }

    /** The frames as Python's {@code traceback.format_list} lays them out, without the source lines. */
    static String format(List<StackTraceElement> frames) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : frames) {
            String cls = e.getClassName();
            sb.append("  File \"").append(e.getFileName() == null ? "<unknown>" : e.getFileName()).append('"');
            if (e.getLineNumber() >= 0) {
                sb.append(", line ").append(e.getLineNumber());
            }
            sb.append(", in ").append(cls.substring(cls.lastIndexOf('.') + 1)).append('.').append(e.getMethodName()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Where the calling code is, oldest frame first: the newest {@link #DEBUG_STACK_DEPTH}
     * frames outside the runtime (asyncio's {@code format_helpers.extract_stack}).
     */
    static List<StackTraceElement> creationSite() {
        List<StackTraceElement> newestFirst = StackWalker.getInstance().walk(s -> s
                .filter(f -> !isRuntime(f.getClassName()))
                .limit(DEBUG_STACK_DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toList());
        List<StackTraceElement> frames = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(frames);
        return List.copyOf(frames);
    }

    /**
     * The frames of one continuation in a thread's stack (innermost first): {@code depth} 0 for
     * the innermost, 1 for the one it runs inside, and so on. A stack with fewer is returned whole.
     */
    private static StackTraceElement[] segment(StackTraceElement[] stack, int depth) {
        int from = 0;
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement e = stack[i];
            if (e.getClassName().equals(CONTINUATION) && e.getMethodName().equals("run")) {
                if (depth == 0) {
                    return Arrays.copyOfRange(stack, from, i);
                }
                depth--;
                from = i + 1;
            }
        }
        return Arrays.copyOfRange(stack, Math.min(from, stack.length), stack.length);
    }

    /**
     * {@link Task#suspendedIn()}: of a suspended task's frames, the runtime's frame that code
     * outside the runtime called (the API method it waits in), or null.
     */
    static StackTraceElement entryPoint(Task<?> task) {
        if (task.done() || task.nestedDepth() >= 0) {
            return null;
        }
        StackTraceElement lastRuntime = null;
        for (StackTraceElement e : task.suspendedFrames()) { // innermost first
            if (isRuntime(e.getClassName())) {
                lastRuntime = e;
            } else {
                return lastRuntime;
            }
        }
        return null;
    }

    private static List<StackTraceElement> visibleOldestFirst(StackTraceElement[] innermostFirst) {
        List<StackTraceElement> out = new ArrayList<>(innermostFirst.length);
        for (int i = innermostFirst.length - 1; i >= 0; i--) {
            if (!isRuntime(innermostFirst[i].getClassName())) {
                out.add(innermostFirst[i]);
            }
        }
        return out;
    }

    /**
     * The frame of the task's own coroutine, for its repr ({@code coro=<f() running at x:5>}):
     * the outermost frame of code outside the runtime and the JDK; null when it has none (not
     * started, or done).
     */
    static StackTraceElement coroutineFrame(Task<?> task) {
        if (task.done()) {
            return null;
        }
        int depth = task.nestedDepth();
        StackTraceElement[] raw = depth >= 0 ? segment(new Throwable().getStackTrace(), depth) : task.suspendedFrames();
        for (int i = raw.length - 1; i >= 0; i--) { // outermost first
            String cls = raw[i].getClassName();
            if (!isRuntime(cls) && !cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("sun.")) {
                return raw[i];
            }
        }
        return null;
    }

    /**
     * True for a frame of the runtime itself: a class of {@code aio} loaded from where aio is, the
     * JDK's continuations, or a package named in {@code aio.hiddenFrames}.
     */
    static boolean isRuntime(String className) {
        if (className.startsWith("jdk.internal.vm.")) {
            return true;
        }
        for (String prefix : HIDDEN) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        if (!className.startsWith("aio.") || className.indexOf('.', 4) >= 0) {
            return false;
        }
        return RUNTIME_CLASSES.computeIfAbsent(className, TaskStack::loadedWithTheRuntime);
    }

    private static boolean loadedWithTheRuntime(String className) {
        try {
            // A test or a learner's class may share the package: only aio's own are the runtime.
            return Objects.equals(location(Class.forName(className, false, Task.class.getClassLoader())), RUNTIME_LOCATION);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
