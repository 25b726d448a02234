package aio.tutor;

import java.util.Objects;

/**
 * What a lesson's {@code check} block calls to judge the learner's solution. A failed check
 * raises {@link Failed}, which {@code :check} shows as one line: what is not right yet.
 */
public final class Check {
    private Check() {
    }

    /** A check that did not pass; its message says what to fix. */
    public static final class Failed extends RuntimeException {
        public Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** Passes when {@code condition} holds; otherwise fails with {@code whatIsWrong}. */
    public static void that(boolean condition, String whatIsWrong) {
        if (!condition) {
            throw new Failed(whatIsWrong);
        }
    }

    /** Passes when {@code actual} equals {@code expected}; otherwise says what came instead. */
    public static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new Failed(what + ": expected " + show(expected) + ", got " + show(actual));
        }
    }

    private static String show(Object o) {
        return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
    }
}
