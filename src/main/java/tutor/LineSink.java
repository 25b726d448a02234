package tutor;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An OutputStream that hands complete lines (UTF-8, without the newline) to a consumer, so
 * that output from snippets and tasks can be printed above the prompt a line at a time. A
 * line without its newline waits until {@link #flushPartial()} (the console calls it when a
 * snippet ends, and when the prompt has been idle a moment after a background task printed):
 * PrintStream flushes after every write, so flush() alone cannot mean "end of line".
 */
final class LineSink extends OutputStream {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** Told (outside the lock) when a write leaves a line unfinished. */
    private volatile Runnable onUnfinished = () -> { };
    /** Applied to each line before it goes on (the console's names for snippets: SnippetNames). */
    private volatile java.util.function.UnaryOperator<String> rewrite = java.util.function.UnaryOperator.identity();

    LineSink(Consumer<String> lines) {
        this.lines = lines;
    }

    void rewrite(java.util.function.UnaryOperator<String> how) {
        rewrite = how;
    }

    void onUnfinished(Runnable action) {
        onUnfinished = action;
    }

    @Override
    public void write(int b) {
        boolean unfinished;
        synchronized (this) {
            if (b == '\n') {
                emit();
            } else {
                pending.write(b);
            }
            unfinished = pending.size() > 0;
        }
        if (unfinished) {
            onUnfinished.run();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        boolean unfinished;
        synchronized (this) {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    pending.write(b, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            pending.write(b, start, off + len - start);
            unfinished = pending.size() > 0;
        }
        if (unfinished) {
            onUnfinished.run();
        }
    }

    /** Emits the unfinished line, if there is one. */
    synchronized void flushPartial() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        lines.accept(rewrite.apply(line));
    }
}
