package aio;

/**
 * The glue between a {@link SocketTransport} and the stream pair: CPython's
 * {@code StreamReaderProtocol}, with the {@link FlowControl} it extends. The transport calls it
 * (data, EOF, connection lost, pause/resume writing); it feeds the {@link StreamReader},
 * completes the close waiter, and suspends {@link StreamWriter#drain()} while the transport's
 * write buffer is above its high-water mark.
 */
final class StreamProtocol extends FlowControl {
    private StreamReader reader;
    /** Done when the connection is lost: {@link StreamWriter#waitClosed()} awaits it. */
    private final Future<Object> closed;

    StreamProtocol(EventLoop loop, StreamReader reader) {
        super(loop);
        this.reader = reader;
        this.closed = loop.createFuture();
    }

    void connectionMade(SocketTransport transport) {
        if (reader != null) {
            reader.setTransport(transport);
        }
    }

    void dataReceived(byte[] data, int off, int len) {
        if (reader != null) {
            reader.feedData(data, off, len);
        }
    }

    /** The peer half-closed: feed EOF, and keep the transport open so we can still write. */
    boolean eofReceived() {
        if (reader != null) {
            reader.feedEof();
        }
        return true;
    }

    /** The transport is closed: {@code exc} null for a clean close, else the error that ended it. */
    @Override
    void connectionLost(Throwable exc) {
        if (reader != null) {
            if (exc == null) {
                reader.feedEof();
            } else {
                reader.setException(exc);
            }
        }
        if (!closed.done()) {
            if (exc == null) {
                closed.setResult(null);
            } else {
                closed.setException(exc);
                // Nobody has to wait for the close: do not report the error as never retrieved
                // (asyncio does this in StreamReaderProtocol.__del__).
                closed.exception();
            }
        }
        super.connectionLost(exc); // FlowControlMixin.connection_lost: wake the writers if paused
        reader = null;
    }

    @Override
    Future<Object> closeWaiter() {
        return closed;
    }
}
