package lecture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aio.Aio;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed program: the reversal, the server and client talking to each other and to plain
 * sockets, and the server's behaviour with clients that misbehave. In each robustness test the
 * server must still answer a well-behaved client afterwards, and its loop must never have
 * reported an error.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReverseEchoTest {

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The server still answers, and nothing reached its loop's exception handler. */
    static void assertStillServing(BackgroundEchoServer server) throws Exception {
        assertEquals("olleh", PlainClient.exchange(server.port, "hello"));
        assertEquals(List.of(), List.copyOf(server.loopErrors));
    }

    // ---- the reversal ----

    @Test
    void reverseOfHello() {
        assertEquals("olleh", ReverseEcho.reverse("hello"));
        assertEquals("", ReverseEcho.reverse(""));
    }

    @Test
    void reverseOfCyrillic() {
        assertEquals("тевирп", ReverseEcho.reverse("привет"));
    }

    @Test // Python's [::-1] reverses code points: an emoji (a surrogate pair in Java) stays whole
    void reverseKeepsEmojiWhole() {
        assertEquals("c🙂ba", ReverseEcho.reverse("ab🙂c"));
        assertEquals("🎉🙂", ReverseEcho.reverse("🙂🎉"));
    }

    @Test // as String.codePoints(): a surrogate without its pair is a code point of its own
    void reverseKeepsALoneSurrogateAsItIs() {
        assertEquals("b\uD800a", ReverseEcho.reverse("a\uD800b"));
        assertEquals("\uD800\uDC00", ReverseEcho.reverse("\uDC00\uD800"), "each alone, so each moves alone");
    }

    @Test // ASCII is decoded without a decoder; anything else through the strict one
    void decodingIsStrictAboutUtf8() {
        assertEquals("hello", ReverseEcho.decodeStrict("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("привет", ReverseEcho.decodeStrict("привет".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(null, ReverseEcho.decodeStrict(new byte[] {'a', (byte) 0xff, 'b'}));
        assertEquals(null, ReverseEcho.decodeStrict(new byte[] {(byte) 0xd0}), "a character cut short");
        assertEquals("", ReverseEcho.decodeStrict(new byte[0]));
    }

    // ---- server and client ----

    @Test // the seed's lines: "serving on (...)", "client: (...)", "sent [hello] => received: [olleh]"
    void clientAndServerPrintTheSeedsLines() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            List<String> printed = new ArrayList<>();
            String reply = Aio.run(() -> ReverseEchoClient.send("127.0.0.1", server.port, "hello", printed::add));
            assertEquals("olleh", reply);
            assertEquals(List.of("sent [hello] => received: [olleh]"), printed);
            List<String> out = List.copyOf(server.out);
            assertEquals("serving on ('127.0.0.1', " + server.port + ")", out.get(0));
            assertEquals(2, out.size(), out.toString());
            assertTrue(out.get(1).matches("client: \\('127\\.0\\.0\\.1', \\d+\\)"), out.get(1));
            assertEquals(List.of(), server.logLines());
        }
    }

    @Test
    void cyrillicAndEmojiSurviveTheRoundTrip() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            List<String> printed = new ArrayList<>();
            Aio.run(() -> {
                ReverseEchoClient.send("127.0.0.1", server.port, "привет", printed::add);
                ReverseEchoClient.send("127.0.0.1", server.port, "hi 🙂👍!", printed::add);
            });
            assertEquals(List.of("sent [привет] => received: [тевирп]", "sent [hi 🙂👍!] => received: [!👍🙂 ih]"), printed);
            assertEquals(List.of(), server.logLines());
        }
    }

    @Test // a plain java.net.Socket peer sees the reply, then a clean end of stream
    void plainSocketPeer() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            assertEquals("olleh", PlainClient.exchange(server.port, "hello"));
            assertEquals("тевирп", PlainClient.exchange(server.port, "привет"));
            assertStillServing(server);
        }
    }

    @Test // the aio client against a plain blocking server that answers like the seed
    void clientAgainstAPlainSocketServer() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().start(() -> {
                try (Socket s = plain.accept()) {
                    byte[] buf = new byte[1024];
                    int n = s.getInputStream().read(buf);
                    s.getOutputStream().write(ReverseEcho.reverse(new String(buf, 0, n, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    // the client assertion fails
                }
            });
            List<String> printed = new ArrayList<>();
            Aio.run(() -> ReverseEchoClient.send("127.0.0.1", plain.getLocalPort(), "abc", printed::add));
            assertEquals(List.of("sent [abc] => received: [cba]"), printed);
            t.join(5000);
        }
    }

    // ---- robustness ----

    @Test // Python's handler would die on data.decode(); we answer with U+FFFD and log one line
    void invalidUtf8IsAnsweredWithReplacementCharacters() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            byte[] reply = PlainClient.exchange(server.port, new byte[] {'h', (byte) 0xff, 'i', (byte) 0xc3});
            assertEquals("\uFFFDi\uFFFDh", utf8(reply));
            List<String> log = server.logLines();
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).matches("client \\('127\\.0\\.0\\.1', \\d+\\): message is not valid UTF-8; "
                    + "replying with U\\+FFFD replacement characters"), log.get(0));
            assertStillServing(server);
        }
    }

    @Test // the client half-closes without sending: an empty reply, and the connection is closed
    void emptyMessageGetsAnEmptyReply() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            try (Socket s = PlainClient.connect(server.port)) {
                s.shutdownOutput();
                assertEquals(0, PlainClient.readToEnd(s.getInputStream()).length);
            }
            assertEquals(List.of(), server.logLines());
            assertStillServing(server);
        }
    }

    @Test // only the first 1024 bytes are answered; a character cut at byte 1024 becomes U+FFFD
    void longMessageIsCutAt1024Bytes() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            // 1023 × 'a', then 'é' (2 bytes: the first is byte 1024), then more
            String message = "a".repeat(1023) + "é" + "b".repeat(2000);
            byte[] reply;
            try (Socket s = PlainClient.connect(server.port)) {
                s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
                reply = PlainClient.readToEnd(s.getInputStream()); // no reset: a clean end of stream
            }
            assertEquals("\uFFFD" + "a".repeat(1023), utf8(reply));
            assertStillServing(server);
        }
    }

    @Test // a 1 MB message: the reply is its first 1024 bytes reversed, never more than was read
    void aMegabyteMessageGetsOnlyItsFirst1024BytesBack() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            byte[] message = "0123456789abcdef".repeat(65_536).getBytes(StandardCharsets.UTF_8);
            byte[] reply;
            try (Socket s = PlainClient.connect(server.port)) {
                s.getOutputStream().write(message);
                s.shutdownOutput();
                reply = PlainClient.readToEnd(s.getInputStream());
            }
            assertEquals(ReverseEcho.reverse("0123456789abcdef".repeat(64)), utf8(reply));
            assertStillServing(server);
        }
    }

    @Test // a client that sends nothing is disconnected after the idle timeout, with one log line
    void idleClientIsDisconnected() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer(s -> s.idleTimeoutSeconds(0.2))) {
            try (Socket s = PlainClient.connect(server.port)) {
                assertEquals(-1, s.getInputStream().read(), "the server closed the connection");
            }
            List<String> log = server.logLines();
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).matches("client \\('127\\.0\\.0\\.1', \\d+\\): nothing received for 0\\.2 s, closing"),
                    log.get(0));
            assertEquals(1, server.out.size(), "no client: line for a client that sent nothing");
            assertStillServing(server);
        }
    }

    @Test // a client that resets the connection (SO_LINGER 0) while its reply is on the way
    void clientResettingMidReply() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            for (int i = 0; i < 20; i++) {
                Socket s = PlainClient.connect(server.port);
                s.getOutputStream().write("x".repeat(1024).getBytes(StandardCharsets.UTF_8));
                s.setSoLinger(true, 0);
                s.close();
            }
            server.awaitIdle();
            for (String line : server.logLines()) {
                assertTrue(line.matches("client \\('127\\.0\\.0\\.1', \\d+\\): connection lost \\(.*\\)"), line);
            }
            assertStillServing(server);
        }
    }

    @Test
    void portAlreadyInUseIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<String> out = new ArrayList<>();
            var e = assertThrows(UncheckedIOException.class, () -> Aio.run(() -> {
                ReverseEchoServer.start(ReverseEchoServer.Settings.defaults().port(port).out(out::add));
            }));
            assertInstanceOf(BindException.class, e.getCause());
            assertTrue(e.getMessage().endsWith("address already in use"), e.getMessage());
            assertEquals(List.of(), out);
        }
    }

    @Test // beyond maxConnections, a client is disconnected at once and logged
    void connectionCapRefusesTheClientBeyondIt() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer(s -> s.maxConnections(1).idleTimeoutSeconds(10))) {
            try (Socket first = PlainClient.connect(server.port)) {
                for (int i = 0; i < 500 && server.active() < 1; i++) {
                    Thread.sleep(10);
                }
                assertEquals(0, PlainClient.exchange(server.port, new byte[] {'x'}).length, "refused: closed at once");
                // The refused client's message arrives before the server closes: that used to
                // make the close a reset ("Connection reset" at the client's read, now and then).
                try (Socket refused = PlainClient.connect(server.port)) {
                    refused.getOutputStream().write('x');
                    Thread.sleep(200); // the byte is in the server's socket before it refuses
                    assertEquals(-1, refused.getInputStream().read(), "the end of the stream, not a reset");
                }
                first.getOutputStream().write("abc".getBytes(StandardCharsets.UTF_8));
                first.shutdownOutput();
                assertEquals("cba", utf8(PlainClient.readToEnd(first.getInputStream())));
            }
            List<String> log = server.logLines();
            assertEquals(2, log.size(), log.toString());
            for (String line : log) {
                assertTrue(line.endsWith(": refused, 1 connections already open"), line);
            }
            server.awaitIdle();
            assertStillServing(server);
        }
    }

    @Test
    void settingsAreChecked() {
        var d = ReverseEchoServer.Settings.defaults();
        assertEquals("127.0.0.1", d.host());
        assertEquals(9996, d.port());
        assertEquals(30.0, d.idleTimeoutSeconds());
        assertEquals(10_000, d.maxConnections());
        assertThrows(IllegalArgumentException.class, () -> d.port(70000));
        assertThrows(IllegalArgumentException.class, () -> d.idleTimeoutSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> d.maxConnections(0));
    }

    @Test // the reply to a valid message has exactly the message's bytes, reordered
    void replyHasTheMessagesLengthInBytes() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            String message = "añ€🙂";
            byte[] reply = PlainClient.exchange(server.port, message.getBytes(StandardCharsets.UTF_8));
            assertEquals(message.getBytes(StandardCharsets.UTF_8).length, reply.length);
            byte[] expected = "🙂€ña".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(expected, reply, Arrays.toString(reply));
        }
    }
}
