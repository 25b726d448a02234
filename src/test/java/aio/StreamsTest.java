package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.getRunningLoop;
import static aio.Aio.openConnection;
import static aio.Aio.sleep;
import static aio.Aio.startServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * StreamReader, StreamWriter and openConnection: ports of CPython's
 * {@code Lib/test/test_asyncio/test_streams.py} (each test names its case), plus flow control
 * over real sockets. Reader tests run on the virtual clock; socket tests on 127.0.0.1.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamsTest {
    static final byte[] DATA = b("line1\nline2\nline3\n");

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void inLoop(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    /** Collects what reaches the loop's exception handler (asyncio's tests: the messages list). */
    static List<ErrorContext> captureErrors() {
        List<ErrorContext> messages = new ArrayList<>();
        getRunningLoop().setExceptionHandler((loop, ctx) -> messages.add(ctx));
        return messages;
    }

    // ---- StreamReader on its own ----

    // test_streams.py: test_feed_empty_data
    @Test
    void feedEmptyData() {
        StreamReader stream = new StreamReader();
        stream.feedData(b(""));
        assertEquals("", s(stream.buffered()));
    }

    // test_streams.py: test_feed_nonempty_data
    @Test
    void feedNonemptyData() {
        StreamReader stream = new StreamReader();
        stream.feedData(DATA);
        assertArrayEquals(DATA, stream.buffered());
    }

    // test_streams.py: test_read_zero
    @Test
    void readZero() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(DATA);
            assertEquals(0, stream.read(0).length);
            assertArrayEquals(DATA, stream.buffered());
        });
    }

    // test_streams.py: test_read
    @Test
    void read() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            Task<byte[]> readTask = createTask(() -> stream.read(30));
            getRunningLoop().callSoon(() -> stream.feedData(DATA));
            assertArrayEquals(DATA, await(readTask));
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_read_line_breaks
    @Test
    void readLineBreaks() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("line1"));
            stream.feedData(b("line2"));
            assertEquals("line1", s(stream.read(5)));
            assertEquals("line2", s(stream.buffered()));
        });
    }

    // test_streams.py: test_read_eof
    @Test
    void readEof() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            Task<byte[]> readTask = createTask(() -> stream.read(1024));
            getRunningLoop().callSoon(stream::feedEof);
            assertEquals(0, await(readTask).length);
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_read_until_eof
    @Test
    void readUntilEof() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            Task<byte[]> readTask = createTask(() -> stream.read(-1));
            getRunningLoop().callSoon(() -> {
                stream.feedData(b("chunk1\n"));
                stream.feedData(b("chunk2"));
                stream.feedEof();
            });
            assertEquals("chunk1\nchunk2", s(await(readTask)));
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_read_exception
    @Test
    void readException() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("line\n"));
            assertEquals("li", s(stream.read(2)));
            stream.setException(new IllegalArgumentException());
            assertThrows(IllegalArgumentException.class, () -> stream.read(2));
        });
    }

    // test_streams.py: test_invalid_limit
    @Test
    void invalidLimit() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamReader(0)).getMessage().contains("imit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamReader(-1)).getMessage().contains("imit"));
    }

    // test_streams.py: test_read_limit
    @Test
    void readLimit() {
        inLoop(() -> {
            StreamReader stream = new StreamReader(3);
            stream.feedData(b("chunk"));
            assertEquals("chunk", s(stream.read(5)));
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readline
    @Test
    void readline() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("chunk1 "));
            Task<byte[]> readTask = createTask(stream::readline);
            getRunningLoop().callSoon(() -> {
                stream.feedData(b("chunk2 "));
                stream.feedData(b("chunk3 "));
                stream.feedData(b("\n chunk4"));
            });
            assertEquals("chunk1 chunk2 chunk3 \n", s(await(readTask)));
            assertEquals(" chunk4", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readline_limit_with_existing_data
    @Test
    void readlineLimitWithExistingData() {
        inLoop(() -> {
            StreamReader stream = new StreamReader(3);
            stream.feedData(b("li"));
            stream.feedData(b("ne1\nline2\n"));
            assertThrows(IllegalArgumentException.class, stream::readline);
            // The buffer should contain the remaining data after exception
            assertEquals("line2\n", s(stream.buffered()));

            StreamReader stream2 = new StreamReader(3);
            stream2.feedData(b("li"));
            stream2.feedData(b("ne1"));
            stream2.feedData(b("li"));
            assertThrows(IllegalArgumentException.class, stream2::readline);
            // No newline and more than the limit: the whole buffer is consumed.
            assertEquals("", s(stream2.buffered()));
        });
    }

    // test_streams.py: test_at_eof
    @Test
    void atEof() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            assertFalse(stream.atEof());
            stream.feedData(b("some data\n"));
            assertFalse(stream.atEof());
            stream.readline();
            assertFalse(stream.atEof());
            stream.feedData(b("some data\n"));
            stream.feedEof();
            stream.readline();
            assertTrue(stream.atEof());
        });
    }

    // test_streams.py: test_readline_limit
    @Test
    void readlineLimit() {
        inLoop(() -> {
            StreamReader stream = new StreamReader(7);
            getRunningLoop().callSoon(() -> {
                stream.feedData(b("chunk1"));
                stream.feedData(b("chunk2"));
                stream.feedData(b("chunk3\n"));
                stream.feedEof();
            });
            sleep(0);
            assertThrows(IllegalArgumentException.class, stream::readline);
            // The buffer had just one line of data, and after the error it should be empty.
            assertEquals("", s(stream.buffered()));

            StreamReader stream2 = new StreamReader(7);
            getRunningLoop().callSoon(() -> {
                stream2.feedData(b("chunk1"));
                stream2.feedData(b("chunk2\n"));
                stream2.feedData(b("chunk3\n"));
                stream2.feedEof();
            });
            sleep(0);
            assertThrows(IllegalArgumentException.class, stream2::readline);
            assertEquals("chunk3\n", s(stream2.buffered()));

            // check strictness of the limit
            StreamReader stream3 = new StreamReader(7);
            stream3.feedData(b("1234567\n"));
            assertEquals("1234567\n", s(stream3.readline()));
            assertEquals("", s(stream3.buffered()));

            stream3.feedData(b("12345678\n"));
            assertThrows(IllegalArgumentException.class, stream3::readline);
            assertEquals("", s(stream3.buffered()));

            stream3.feedData(b("12345678"));
            assertThrows(IllegalArgumentException.class, stream3::readline);
            assertEquals("", s(stream3.buffered()));
        });
    }

    // test_streams.py: test_readline_nolimit_nowait
    @Test
    void readlineNolimitNowait() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(Arrays.copyOfRange(DATA, 0, 6));
            stream.feedData(Arrays.copyOfRange(DATA, 6, DATA.length));
            assertEquals("line1\n", s(stream.readline()));
            assertEquals("line2\nline3\n", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readline_eof
    @Test
    void readlineEof() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("some data"));
            stream.feedEof();
            assertEquals("some data", s(stream.readline()));
        });
    }

    // test_streams.py: test_readline_empty_eof
    @Test
    void readlineEmptyEof() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedEof();
            assertEquals("", s(stream.readline()));
        });
    }

    // test_streams.py: test_readline_read_byte_count
    @Test
    void readlineReadByteCount() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(DATA);
            stream.readline();
            assertEquals("line2\nl", s(stream.read(7)));
            assertEquals("ine3\n", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readline_exception
    @Test
    void readlineException() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("line\n"));
            assertEquals("line\n", s(stream.readline()));
            stream.setException(new IllegalArgumentException());
            assertThrows(IllegalArgumentException.class, stream::readline);
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readuntil_separator
    @Test
    void readuntilSeparator() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            var e = assertThrows(IllegalArgumentException.class, () -> stream.readuntil(b("")));
            assertTrue(e.getMessage().startsWith("Separator should be"), e.getMessage());
            var tupleOfOne = assertThrows(IllegalArgumentException.class, () -> stream.readuntil(new byte[][] {b("")}));
            assertTrue(tupleOfOne.getMessage().startsWith("Separator should be"), tupleOfOne.getMessage());
            var none = assertThrows(IllegalArgumentException.class, () -> stream.readuntil(new byte[0][]));
            assertTrue(none.getMessage().startsWith("Separator should contain"), none.getMessage());
        });
    }

    // test_streams.py: test_readuntil_multi_separator
    @Test
    void readuntilMultiSeparator() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            // Simple case
            stream.feedData(b("line 1\nline 2\r"));
            assertEquals("line 1\n", s(stream.readuntil(b("\r"), b("\n"))));
            assertEquals("line 2\r", s(stream.readuntil(b("\r"), b("\n"))));
            assertEquals("", s(stream.buffered()));
            // First end position matches, even if that's a longer match
            stream.feedData(b("ABCDEFG"));
            assertEquals("ABCDE", s(stream.readuntil(b("DEF"), b("BCDE"))));
            assertEquals("FG", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readuntil_multi_separator_limit
    @Test
    void readuntilMultiSeparatorLimit() {
        inLoop(() -> {
            StreamReader stream = new StreamReader(3);
            stream.feedData(b("some dataA"));
            var e = assertThrows(LimitOverrunError.class, () -> stream.readuntil(b("A"), b("ome dataA")));
            assertTrue(e.getMessage().contains("is found"), e.getMessage());
            assertEquals("some dataA", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readuntil_multi_separator_negative_offset (the buffer holds enough for
    // the shortest separator but not the longest: the offset must not go below zero)
    @Test
    void readuntilMultiSeparatorNegativeOffset() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("data"));
            Task<byte[]> readuntil = createTask(() -> stream.readuntil(b("A"), b("long sep")));
            getRunningLoop().callSoon(() -> stream.feedData(b("Z")));
            getRunningLoop().callSoon(() -> stream.feedData(b("Aaaa")));
            assertEquals("dataZA", s(await(readuntil)));
            assertEquals("aaa", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readuntil_multi_chunks
    @Test
    void readuntilMultiChunks() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("lineAAA"));
            assertEquals("lineAAA", s(stream.readuntil(b("AAA"))));
            assertEquals("", s(stream.buffered()));

            stream.feedData(b("lineAAA"));
            assertEquals("lineAAA", s(stream.readuntil(b("AAA"))));
            assertEquals("", s(stream.buffered()));

            stream.feedData(b("lineAAAxxx"));
            assertEquals("lineAAA", s(stream.readuntil(b("AAA"))));
            assertEquals("xxx", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readuntil_multi_chunks_1
    @Test
    void readuntilMultiChunks1() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("QWEaa"));
            stream.feedData(b("XYaa"));
            stream.feedData(b("a"));
            assertEquals("QWEaaXYaaa", s(stream.readuntil(b("aaa"))));
            assertEquals("", s(stream.buffered()));

            stream.feedData(b("QWEaa"));
            stream.feedData(b("XYa"));
            stream.feedData(b("aa"));
            assertEquals("QWEaaXYaaa", s(stream.readuntil(b("aaa"))));
            assertEquals("", s(stream.buffered()));

            stream.feedData(b("aaa"));
            assertEquals("aaa", s(stream.readuntil(b("aaa"))));
            assertEquals("", s(stream.buffered()));

            stream.feedData(b("Xaaa"));
            assertEquals("Xaaa", s(stream.readuntil(b("aaa"))));
            assertEquals("", s(stream.buffered()));

            stream.feedData(b("XXX"));
            stream.feedData(b("a"));
            stream.feedData(b("a"));
            stream.feedData(b("a"));
            assertEquals("XXXaaa", stream.readuntilString("aaa"));
            assertEquals("", s(stream.buffered()));
        });
    }

    // beyond test_streams.py, which feeds a split separator before readuntil runs: the rest of it
    // arriving while readuntil waits
    @Test
    void readuntilWaitsForTheRestOfTheSeparator() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("QWEaa"));
            Task<byte[]> t = createTask(() -> stream.readuntil(b("aaa")));
            sleep(0);
            assertFalse(t.done());
            stream.feedData(b("a rest"));
            assertEquals("QWEaaa", s(await(t)));
            assertEquals(" rest", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readuntil_eof
    @Test
    void readuntilEof() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            byte[] data = b("some dataAA");
            stream.feedData(data);
            stream.feedEof();
            var e = assertThrows(IncompleteReadError.class, () -> stream.readuntil(b("AAA")));
            assertTrue(e.getMessage().contains("undefined expected bytes"), e.getMessage());
            assertArrayEquals(data, e.partial());
            assertNull(e.expected());
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readuntil_limit_found_sep
    @Test
    void readuntilLimitFoundSep() {
        inLoop(() -> {
            StreamReader stream = new StreamReader(3);
            stream.feedData(b("some dataAA"));
            var e = assertThrows(LimitOverrunError.class, () -> stream.readuntil(b("AAA")));
            assertTrue(e.getMessage().contains("not found"), e.getMessage());
            assertEquals("some dataAA", s(stream.buffered()));

            stream.feedData(b("A"));
            var e2 = assertThrows(LimitOverrunError.class, () -> stream.readuntil(b("AAA")));
            assertTrue(e2.getMessage().contains("is found"), e2.getMessage());
            assertEquals(9, e2.consumed());
            assertEquals("some dataAAA", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readexactly_zero_or_less
    @Test
    void readexactlyZeroOrLess() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(DATA);
            assertEquals(0, stream.readexactly(0).length);
            assertArrayEquals(DATA, stream.buffered());
            var e = assertThrows(IllegalArgumentException.class, () -> stream.readexactly(-1));
            assertTrue(e.getMessage().contains("less than zero"), e.getMessage());
            assertArrayEquals(DATA, stream.buffered());
        });
    }

    // test_streams.py: test_readexactly
    @Test
    void readexactly() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            int n = 2 * DATA.length;
            Task<byte[]> readTask = createTask(() -> stream.readexactly(n));
            getRunningLoop().callSoon(() -> {
                stream.feedData(DATA);
                stream.feedData(DATA);
                stream.feedData(DATA);
            });
            assertEquals(s(DATA) + s(DATA), s(await(readTask)));
            assertArrayEquals(DATA, stream.buffered());
        });
    }

    // test_streams.py: test_readexactly_limit
    @Test
    void readexactlyLimit() {
        inLoop(() -> {
            StreamReader stream = new StreamReader(3);
            stream.feedData(b("chunk"));
            assertEquals("chunk", stream.readexactlyString(5));
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readexactly_eof
    @Test
    void readexactlyEof() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            int n = 2 * DATA.length;
            Task<byte[]> readTask = createTask(() -> stream.readexactly(n));
            getRunningLoop().callSoon(() -> {
                stream.feedData(DATA);
                stream.feedEof();
            });
            var e = assertThrows(IncompleteReadError.class, () -> await(readTask));
            assertArrayEquals(DATA, e.partial());
            assertEquals(n, e.expected());
            assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
            assertEquals("", s(stream.buffered()));
        });
    }

    // test_streams.py: test_readexactly_exception
    @Test
    void readexactlyException() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("line\n"));
            assertEquals("li", s(stream.readexactly(2)));
            stream.setException(new IllegalArgumentException());
            assertThrows(IllegalArgumentException.class, () -> stream.readexactly(2));
        });
    }

    // test_streams.py: test_exception
    @Test
    void exception() {
        StreamReader stream = new StreamReader();
        assertNull(stream.exception());
        var exc = new IllegalArgumentException();
        stream.setException(exc);
        assertSame(exc, stream.exception());
    }

    // test_streams.py: test_exception_waiter
    @Test
    void exceptionWaiter() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            Task<byte[]> t1 = createTask(stream::readline);
            Task<Void> t2 = createTask(() -> stream.setException(new IllegalArgumentException()));
            Aio.wait(List.of(t1, t2));
            assertThrows(IllegalArgumentException.class, t1::result);
        });
    }

    // test_streams.py: test_exception_cancel
    @Test
    void exceptionCancel() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            Task<byte[]> t = createTask(stream::readline);
            sleep(0);
            t.cancel();
            sleep(0);
            // The following line fails if setException() isn't careful.
            stream.setException(new IllegalStateException("message"));
            sleep(0);
            assertTrue(t.cancelled());
            assertTrue(stream.toString().indexOf("waiter") < 0, stream.toString());
        });
    }

    // test_streams.py: only one task may wait on a reader (the RuntimeError in _wait_for_data)
    @Test
    void secondWaitingReaderIsRefused() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            Task<byte[]> first = createTask(stream::readline);
            sleep(0);
            var e = assertThrows(IllegalStateException.class, () -> stream.read(1));
            assertEquals("read() called while another coroutine is already waiting for incoming data", e.getMessage());
            stream.feedData(b("x\n"));
            assertEquals("x\n", s(await(first)));
        });
    }

    // test_streams.py: test___repr__, test___repr__nondefault_limit, test___repr__eof,
    // test___repr__data, test___repr__exception
    @Test
    void repr() {
        assertEquals("<StreamReader>", new StreamReader().toString());
        assertEquals("<StreamReader limit=123>", new StreamReader(123).toString());
        StreamReader eof = new StreamReader();
        eof.feedEof();
        assertEquals("<StreamReader eof>", eof.toString());
        StreamReader data = new StreamReader();
        data.feedData(b("data"));
        assertEquals("<StreamReader 4 bytes>", data.toString());
        StreamReader exc = new StreamReader();
        exc.setException(new IllegalStateException());
        assertEquals("<StreamReader exception=IllegalStateException()>", exc.toString());
    }

    // test_streams.py: test___repr__waiter (a task really waits: the waiter is private)
    @Test
    void reprWaiter() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            Task<byte[]> t = createTask(stream::readline);
            sleep(0);
            assertTrue(stream.toString().matches("<StreamReader waiter=<Future pending[\\S ]*>>"), stream.toString());
            stream.feedData(b("x\n"));
            assertEquals("x\n", s(await(t)));
            assertEquals("<StreamReader>", stream.toString());
        });
    }

    // test_streams.py: test___repr__transport (a stand-in transport, as asyncio's mock)
    @Test
    void reprTransport() {
        StreamReader stream = new StreamReader();
        stream.setSource(new StreamReader.Source() {
            @Override
            public void fed(int buffered) {
            }

            @Override
            public void consumed(int n, int buffered) {
            }

            @Override
            public void wanted(int buffered) {
            }

            @Override
            public boolean paused() {
                return false;
            }

            @Override
            public void checkThread() {
            }

            @Override
            public String toString() {
                return "<Transport>";
            }
        });
        assertEquals("<StreamReader transport=<Transport>>", stream.toString());
    }

    /** A copy through Java serialization: what pickle.dumps/pickle.loads are to asyncio's tests. */
    @SuppressWarnings("unchecked")
    static <T extends java.io.Serializable> T roundTrip(T object) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    // test_streams.py: test_IncompleteReadError_pickleable (Java serialization for pickle)
    @Test
    void incompleteReadErrorSurvivesSerialization() throws Exception {
        var e = new IncompleteReadError(b("abc"), 10);
        assertEquals("3 bytes read on a total of 10 expected bytes", e.getMessage());
        assertInstanceOf(java.io.EOFException.class, e.getCause()); // asyncio's is an EOFError
        var e2 = roundTrip(e);
        assertEquals(e.getMessage(), e2.getMessage());
        assertArrayEquals(e.partial(), e2.partial());
        assertEquals(e.expected(), e2.expected());
    }

    // test_streams.py: test_LimitOverrunError_pickleable (Java serialization for pickle)
    @Test
    void limitOverrunErrorSurvivesSerialization() throws Exception {
        var e = new LimitOverrunError("message", 10);
        var e2 = roundTrip(e);
        assertEquals("message", e2.getMessage());
        assertEquals(e.getMessage(), e2.getMessage());
        assertEquals(e.consumed(), e2.consumed());
    }

    // test_streams.py: test_multiple_drain
    @Test
    void multipleDrain() {
        inLoop(() -> {
            EventLoop loop = getRunningLoop();
            StreamProtocol stream = new StreamProtocol(loop, null);
            stream.pauseWriting();
            loop.callLater(0.1, stream::resumeWriting);
            int[] drained = {0};
            List<VoidCoro> drainers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                drainers.add(() -> {
                    stream.drainHelper();
                    drained[0]++;
                });
            }
            await(Aio.gather(drainers));
            assertEquals(10, drained[0]);
        });
    }

    // the String variants decode UTF-8, replacing what is malformed
    @Test
    void stringVariantsDecodeUtf8() {
        inLoop(() -> {
            StreamReader stream = new StreamReader();
            stream.feedData(b("привет\nмир🙂|tail"));
            stream.feedData(new byte[] {(byte) 0xff});
            stream.feedEof();
            assertEquals("привет\n", stream.readlineString());
            assertEquals("мир🙂|", stream.readuntilString("|"));
            assertEquals("t", stream.readString(1));
            assertEquals("ail\uFFFD", stream.readString());
            assertTrue(stream.atEof());
        });
    }

    // ---- over real sockets ----

    // test_streams.py: test_open_connection
    @Test
    void openConnectionTest() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                List<ErrorContext> messages = captureErrors();
                Connection c = openConnection(httpd.host(), httpd.port());
                c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
                assertEquals("HTTP/1.0 200 OK\r\n", s(c.reader().readline()));
                assertTrue(s(c.reader().read()).endsWith("\r\n\r\nTest message"));
                c.writer().close();
                c.writer().waitClosed();
                assertEquals(List.of(), messages);
            });
        }
    }

    // open_connection by host name (test_streams.py's server is at 127.0.0.1): the lookup runs off the loop
    @Test
    void openConnectionResolvesAHostName() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                try (Connection c = openConnection("localhost", httpd.port())) {
                    c.writer().write("GET / HTTP/1.0\r\n\r\n");
                    assertEquals("HTTP/1.0 200 OK\r\n", c.reader().readlineString());
                }
            });
        }
    }

    // test_streams.py: test_open_connection_error
    @Test
    void openConnectionError() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                List<ErrorContext> messages = captureErrors();
                Connection c = openConnection(httpd.host(), httpd.port());
                c.writer().protocol().connectionLost(new ArithmeticException()); // ZeroDivisionError
                assertThrows(ArithmeticException.class, () -> c.reader().read());
                c.writer().close();
                sleep(0);
                assertEquals(List.of(), messages);
            });
        }
    }

    // test_streams.py: test_wait_closed_on_close
    @Test
    void waitClosedOnClose() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                Connection c = openConnection(httpd.host(), httpd.port());
                c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
                assertEquals("HTTP/1.0 200 OK\r\n", s(c.reader().readline()));
                assertTrue(s(c.reader().read()).endsWith("\r\n\r\nTest message"));
                assertFalse(c.writer().isClosing());
                c.writer().close();
                assertTrue(c.writer().isClosing());
                c.writer().waitClosed();
            });
        }
    }

    // test_streams.py: test_wait_closed_on_close_with_unread_data
    @Test
    void waitClosedOnCloseWithUnreadData() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                Connection c = openConnection(httpd.host(), httpd.port());
                c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
                assertEquals("HTTP/1.0 200 OK\r\n", s(c.reader().readline()));
                c.writer().close();
                c.writer().waitClosed();
            });
        }
    }

    // test_streams.py: test_async_writer_api
    @Test
    void asyncWriterApi() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                List<ErrorContext> messages = captureErrors();
                Connection c = openConnection(httpd.host(), httpd.port());
                c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
                assertEquals("HTTP/1.0 200 OK\r\n", s(c.reader().readline()));
                assertTrue(s(c.reader().read()).endsWith("\r\n\r\nTest message"));
                c.writer().close();
                c.writer().waitClosed();
                assertEquals(List.of(), messages);
            });
        }
    }

    // test_streams.py: test_async_writer_api_exception_after_close
    @Test
    void asyncWriterApiExceptionAfterClose() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                List<ErrorContext> messages = captureErrors();
                Connection c = openConnection(httpd.host(), httpd.port());
                c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
                assertEquals("HTTP/1.0 200 OK\r\n", s(c.reader().readline()));
                assertTrue(s(c.reader().read()).endsWith("\r\n\r\nTest message"));
                c.writer().close();
                var e = assertThrows(ConnectionResetError.class, () -> {
                    c.writer().write(b("data"));
                    c.writer().drain();
                });
                assertEquals("Connection lost", e.getMessage());
                assertEquals(List.of(), messages);
            });
        }
    }

    // test_streams.py: test_eof_feed_when_closing_writer
    @Test
    void eofFeedWhenClosingWriter() throws Exception {
        try (TestHttpServer httpd = new TestHttpServer()) {
            Aio.run(() -> {
                List<ErrorContext> messages = captureErrors();
                Connection c = openConnection(httpd.host(), httpd.port());
                c.writer().close();
                c.writer().waitClosed();
                assertTrue(c.reader().atEof());
                assertEquals(0, c.reader().read().length);
                assertEquals(List.of(), messages);
            });
        }
    }

    // test_streams.py: test_drain_raises
    @Test
    void drainRaises() throws Exception {
        // The peer is a plain socket on a thread, not aio: it accepts and closes at once.
        try (ServerSocket sock = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().start(() -> {
                try {
                    sock.accept().close(); // close at once
                } catch (IOException e) {
                    // the test fails elsewhere
                }
            });
            List<ErrorContext> messages = new ArrayList<>();
            // Should not be stuck in an infinite loop.
            ConnectionError e = assertThrows(ConnectionError.class, () -> Aio.run(() -> {
                getRunningLoop().setExceptionHandler((loop, ctx) -> messages.add(ctx));
                Connection c = openConnection("127.0.0.1", sock.getLocalPort());
                while (true) {
                    c.writer().write(b("foo\n"));
                    c.writer().drain();
                }
            }));
            assertTrue(e instanceof ConnectionResetError || e instanceof BrokenPipeError, e.toString());
            server.join();
            assertEquals(List.of(), messages);
        }
    }

    // test_streams.py: test_start_server: its coroutine-handler half, on a host and port (start_server's
    // sock= is not offered). Its other half, a plain callback that creates the handling task itself,
    // has no counterpart: aio runs the handler as the task and closes the connection when it returns.
    @Test
    void startServerTest() {
        Aio.run(() -> {
            List<ErrorContext> messages = captureErrors();
            Server server = startServer((clientReader, clientWriter) -> {
                byte[] data = clientReader.readline();
                clientWriter.write(data);
                clientWriter.drain();
                clientWriter.close();
                clientWriter.waitClosed();
            }, "127.0.0.1", 0);
            Address addr = server.sockets().get(0).getsockname();
            Connection c = openConnection(addr.host(), addr.port());
            c.writer().write(b("hello world!\n"));
            byte[] msgback = c.reader().readline();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            assertEquals("hello world!\n", s(msgback));
            assertEquals(List.of(), messages);
        });
    }

    // test_streams.py: test_read_all_from_pipe_reader (asyncio issue 168): a reader whose limit (1)
    // is less than half the data gets it all, with read(-1), after the writing process exited. The
    // pipe is the process's stdout: aio has no connect_read_pipe to put a reader on any pipe, nor
    // pass_fds; the wait is for the exit alone, as waitFor() would also wait for the pipe's end.
    @Test
    void readAllFromPipeReader() {
        Aio.run(() -> {
            Subprocess proc = Aio.createSubprocessExec(SubprocessOptions.defaults().stdin(Stdio.DEVNULL)
                    .stdout(Stdio.PIPE).limit(1), "printf", "data");
            while (proc.returncode() == null) {
                sleep(0.01);
            }
            assertEquals(0, proc.returncode());
            assertEquals("data", s(proc.stdout().read(-1)));
            assertEquals(0, proc.waitFor());
        });
    }

    /**
     * test_streams.py's _basetest_unhandled_exceptions: a server whose handler is
     * {@code handleEcho}, one client that writes, drains and closes; returns what reached the
     * exception handler. (On 127.0.0.1 port 0 rather than 'localhost' and a port found free.)
     */
    static List<ErrorContext> unhandledExceptions(ClientHandler handleEcho) {
        List<ErrorContext> messages = new ArrayList<>();
        Aio.run(() -> {
            getRunningLoop().setExceptionHandler((loop, ctx) -> messages.add(ctx));
            Server server = startServer(handleEcho, "127.0.0.1", 0);
            server.startServing();
            Connection c = openConnection("127.0.0.1", server.sockets().get(0).getsockname().port());
            c.writer().write(b("test msg"));
            c.writer().drain();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
        });
        return messages;
    }

    // test_streams.py: test_unhandled_exception
    @Test
    void unhandledException() {
        List<ErrorContext> messages = unhandledExceptions((reader, writer) -> {
            throw new Exception("test");
        });
        assertEquals("Unhandled exception in client_connected_cb", messages.get(0).message());
        assertEquals("test", messages.get(0).exception().getMessage());
    }

    // test_streams.py: test_unhandled_cancel
    @Test
    void unhandledCancel() {
        List<ErrorContext> messages = unhandledExceptions((reader, writer) -> {
            writer.close();
            Aio.currentTask().cancel();
        });
        assertEquals(List.of(), messages);
    }

    /**
     * A writer closed as main's last statement (the seed client does this) closes its socket
     * before run() returns: the transport's connection-lost callback is queued before the
     * callback that stops the loop when main is done, as in asyncio.
     */
    @Test
    void runClosesASocketClosedByMainsLastStatement() throws Exception {
        try (ServerSocket sock = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Aio.run(() -> {
                Connection c = openConnection("127.0.0.1", sock.getLocalPort());
                c.writer().write(b("x"));
                c.writer().close();
            });
            try (Socket peer = sock.accept()) {
                peer.setSoTimeout(5000);
                assertEquals('x', peer.getInputStream().read());
                assertEquals(-1, peer.getInputStream().read(), "the client's socket was closed");
            }
        }
    }

    // asyncio: open_connection to a port nobody listens on raises ConnectionRefusedError
    @Test
    void openConnectionRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Aio.run(() -> {
            var e = assertThrows(ConnectionRefusedError.class, () -> openConnection("127.0.0.1", port));
            assertTrue(e.getMessage().startsWith("Connect call failed ('127.0.0.1', " + port + ")"), e.getMessage());
        });
    }

    // get_extra_info: each side's sockname is the other's peername
    @Test
    void extraInfoNamesBothEnds() {
        Aio.run(() -> {
            Future<Address> serverSawPeer = new Future<>();
            Server server = startServer((r, w) -> serverSawPeer.setResult(w.getExtraInfo("peername")), "127.0.0.1", 0);
            Address addr = server.sockets().get(0).getsockname();
            try (Connection c = openConnection("127.0.0.1", addr.port())) {
                Address mine = c.writer().getExtraInfo("sockname");
                assertEquals(mine, await(serverSawPeer));
                assertEquals(addr, c.writer().getExtraInfo("peername"));
                assertEquals("('127.0.0.1', " + mine.port() + ")", mine.toString());
                assertInstanceOf(java.nio.channels.SocketChannel.class, c.writer().getExtraInfo("socket"));
                assertNull(c.writer().getExtraInfo("nonsense"));
                assertEquals("dflt", c.writer().getExtraInfo("nonsense", "dflt"));
            }
            server.close();
            server.waitClosed();
        });
    }

    // the peer resets (SO_LINGER 0): reads raise ConnectionResetError
    @Test
    void resetPeerRaisesConnectionResetError() {
        Aio.run(() -> {
            Future<Throwable> readError = new Future<>();
            Future<Object> received = new Future<>();
            Server server = startServer((r, w) -> {
                try {
                    r.readexactly(5);
                    received.setResult(null);
                    r.read();
                    readError.setResult(null);
                } catch (Throwable e) {
                    readError.setResult(e);
                }
            }, "127.0.0.1", 0);
            int port = server.sockets().get(0).getsockname().port();
            Socket peer = new Socket("127.0.0.1", port); // blocking, but connecting to ourselves on loopback is immediate
            peer.getOutputStream().write(b("hello"));
            await(received);
            // The handler waits in read(); a peer that closes with SO_LINGER 0 sends RST, not FIN.
            peer.setSoLinger(true, 0);
            peer.close();
            Throwable e = await(readError);
            assertInstanceOf(ConnectionResetError.class, e);
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
            server.close();
            server.waitClosed();
        });
    }

    // Python's tuple format for addresses, IPv4 and IPv6
    @Test
    void addressPrintsLikePython() throws Exception {
        assertEquals("('127.0.0.1', 9996)", new Address("127.0.0.1", 9996).toString());
        assertEquals("('::1', 9996, 0, 0)",
                Address.of(new java.net.InetSocketAddress(InetAddress.getByName("::1"), 9996)).toString());
        assertEquals("('fe80::1:0:0:2', 1, 0, 0)",
                Address.of(new java.net.InetSocketAddress(InetAddress.getByName("fe80:0:0:0:1:0:0:2"), 1)).toString());
        assertEquals("('127.0.0.1', 80)",
                Address.of(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)).toString());
    }

    /**
     * drain() flow control against a slow reader (asyncio's FlowControlMixin and
     * _SelectorSocketTransport._maybe_pause_protocol / _maybe_resume_protocol): above 64 KiB
     * buffered, drain() suspends; it returns once the buffer is down to 16 KiB.
     */
    @Test
    void drainSuspendsAboveHighWaterUntilLowWater() throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        try (ServerSocket slow = new ServerSocket()) {
            slow.setReceiveBufferSize(8 * 1024);
            slow.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread reader = Thread.ofPlatform().start(() -> {
                try (Socket s = slow.accept()) {
                    startReading.await();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[16 * 1024];
                    int n;
                    while ((n = in.read(buf)) != -1) {
                        received.addAndGet(n);
                    }
                } catch (IOException | InterruptedException e) {
                    // the assertions below fail
                }
            });
            long written = Aio.run(() -> {
                Connection c = openConnection("127.0.0.1", slow.getLocalPort());
                StreamWriter w = c.writer();
                byte[] chunk = new byte[256 * 1024];
                long total = 0;
                while (w.transport().getWriteBufferSize() <= 64 * 1024 && total < (256L << 20)) {
                    w.write(chunk);
                    total += chunk.length;
                }
                assertTrue(w.transport().getWriteBufferSize() > 64 * 1024, "the socket never filled up");
                assertTrue(w.protocol().isWritingPaused());
                Task<Void> drain = createTask(w::drain);
                for (int i = 0; i < 5; i++) {
                    sleep(0.02);
                    assertFalse(drain.done(), "drain() returned while the peer read nothing");
                }
                startReading.countDown();
                await(drain);
                assertTrue(w.transport().getWriteBufferSize() <= 16 * 1024,
                        "drain() returned above the low-water mark: " + w.transport().getWriteBufferSize());
                w.drain(); // not paused: returns at once
                w.close();
                w.waitClosed();
                return total;
            });
            reader.join(10_000);
            assertEquals(written, received.get());
        } finally {
            startReading.countDown();
        }
    }

    /**
     * The reader pauses its transport once more than 2 × limit is buffered, and resumes it when
     * reads bring the buffer to the limit or below (StreamReader.feed_data /
     * _maybe_resume_transport); no byte is lost.
     */
    @Test
    void readerPausesTheSocketAboveTwiceItsLimit() {
        Aio.run(() -> {
            Future<StreamReader> handlerReader = new Future<>();
            Future<Object> go = new Future<>();
            Future<byte[]> all = new Future<>();
            Server server = startServer((r, w) -> {
                handlerReader.setResult(r);
                await(go);
                all.setResult(r.read());
            }, "127.0.0.1", 0);
            Connection c = openConnection("127.0.0.1", server.sockets().get(0).getsockname().port());
            byte[] payload = new byte[1 << 20];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31);
            }
            Task<Void> sender = createTask(() -> {
                c.writer().write(payload);
                c.writer().drain();
                c.writer().writeEof();
            });
            StreamReader r = await(handlerReader);
            for (int i = 0; i < 500 && !r.isPaused(); i++) {
                sleep(0.01);
            }
            assertTrue(r.isPaused(), "never paused: " + r);
            int buffered = r.buffered().length;
            assertTrue(buffered > 2 * StreamReader.DEFAULT_LIMIT, "paused at " + buffered);
            assertTrue(buffered <= 2 * StreamReader.DEFAULT_LIMIT + SocketTransport.MAX_READ, "read on while paused: " + buffered);
            sleep(0.05);
            assertEquals(buffered, r.buffered().length, "the socket was read while paused");
            go.setResult(null);
            assertArrayEquals(payload, await(all));
            assertFalse(r.isPaused());
            await(sender);
            c.close();
            server.close();
            server.waitClosed();
        });
    }
}
