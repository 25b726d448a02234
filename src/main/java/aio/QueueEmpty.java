package aio;

/** Raised by {@link Queue#getNowait()} when the queue is empty (asyncio's {@code QueueEmpty}). */
public class QueueEmpty extends RuntimeException {
    public QueueEmpty() {
        super();
    }

    public QueueEmpty(String message) {
        super(message);
    }
}
