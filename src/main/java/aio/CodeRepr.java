package aio;

/**
 * How code shows itself in a repr, as asyncio's {@code format_helpers} does for callbacks
 * ({@code <Handle <lambda>() at x.py:3>}) and its task repr for coroutines
 * ({@code coro=<f() running at x.py:5>}). A Java lambda's own {@code toString()} is a hidden
 * class name ({@code Main$$Lambda/0x000001@5284d7f2}) that says nothing to a reader; here it is
 * {@code <lambda>() at Main.java}, and a running coroutine is named by its frame.
 */
final class CodeRepr {
    private CodeRepr() {
    }

    /**
     * A callback or a coroutine object: {@code <lambda>() at Main.java} for a lambda or method
     * reference (the file of the class it was written in: a lambda keeps no line number until it
     * runs), its own {@code toString()} where its class has one, else {@code ClassName()}.
     */
    static String callable(Object fn) {
        if (fn == null) {
            return "null";
        }
        Class<?> c = fn.getClass();
        if (isLambda(c)) {
            return "<lambda>() at " + sourceFile(c.getNestHost());
        }
        if (overridesToString(c)) {
            return fn.toString();
        }
        return className(c) + "()";
    }

    /** A callback with the argument it will get: {@code <lambda>(<Future finished result=1>) at Main.java}. */
    static String call(Object fn, Object arg) {
        Class<?> c = fn.getClass();
        if (isLambda(c)) {
            return "<lambda>(" + Aio.repr(arg) + ") at " + sourceFile(c.getNestHost());
        }
        return (overridesToString(c) ? fn.toString() : className(c)) + "(" + Aio.repr(arg) + ")";
    }

    /**
     * A task's coroutine, for its repr: {@code <lambda>() running at Main.java:12} while it is
     * suspended or running ({@code frame}: its outermost frame), {@code <lambda>() at Main.java}
     * before it starts, {@code <lambda>() done, defined at Main.java} once it is done; a coroutine
     * object with a {@code toString()} of its own says it itself.
     */
    static String coroutine(Object coro, StackTraceElement frame, boolean done) {
        if (frame != null) {
            return function(frame) + "() running at " + location(frame);
        }
        Class<?> c = coro.getClass();
        if (isLambda(c)) {
            return "<lambda>()" + (done ? " done, defined at " : " at ") + sourceFile(c.getNestHost());
        }
        return overridesToString(c) ? coro.toString() : className(c) + "()" + (done ? " done" : "");
    }

    private static boolean isLambda(Class<?> c) {
        return c.isHidden() || c.isSynthetic();
    }

    private static String className(Class<?> c) {
        return c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName();
    }

    /** A frame as Python names a function: "f", "&lt;lambda&gt;", "outer.&lt;lambda&gt;". */
    static String function(StackTraceElement frame) {
        String m = frame.getMethodName();
        if (m.startsWith("lambda$")) {
            // javac names a lambda's body lambda$<enclosing method>$<n>; a synthetic enclosing
            // name (ending in $, as jshell's do_it$) or a static initializer is no name to show
            int end = m.lastIndexOf('$');
            String outer = end > 7 ? m.substring(7, end) : "";
            boolean plain = outer.isEmpty() || outer.endsWith("$") || outer.equals("static") || outer.equals("new");
            return plain ? "<lambda>" : outer + ".<lambda>";
        }
        return m;
    }

    /** "Main.java:12" (or "Main.java" without a line): asyncio's "file:line". */
    static String location(StackTraceElement frame) {
        String file = frame.getFileName() != null ? frame.getFileName() : sourceFileName(frame.getClassName());
        return frame.getLineNumber() > 0 ? file + ":" + frame.getLineNumber() : file;
    }

    private static String sourceFile(Class<?> host) {
        Class<?> top = host;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return sourceFileName(top.getName());
    }

    /** The conventional source file of a top-level class: its simple name + ".java". */
    private static String sourceFileName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$', 1);
        if (nested > 0 && !simple.startsWith("$")) {
            simple = simple.substring(0, nested);
        }
        return simple + ".java";
    }

    private static boolean overridesToString(Class<?> c) {
        try {
            return c.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
