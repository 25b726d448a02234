package lecture;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lecture's reverse-echo program ({@code sysprog_asyncio_stream.py}), shared parts: the
 * defaults, the reversal, and how messages become text and back. The server is
 * {@link ReverseEchoServer}, the client {@link ReverseEchoClient}.
 */
public final class ReverseEcho {
    /** The seed's {@code HOST}. */
    public static final String HOST = "127.0.0.1";
    /** The seed's {@code PORT}. */
    public static final int PORT = 9996;
    /** The seed reads one message of at most this many bytes: {@code reader.read(1024)}. */
    public static final int MAX_MESSAGE = 1024;
    /** The client gives up on a server that does not answer within this time. */
    public static final double CLIENT_TIMEOUT_SECONDS = 30;

    private ReverseEcho() {
    }

    /**
     * {@code text} backwards by code points, like Python's {@code text[::-1]}: a letter outside
     * the BMP (an emoji) stays whole, and "привет" becomes "тевирп". Combining marks and
     * emoji sequences are reversed mark by mark, as in Python.
     */
    public static String reverse(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = text.length(); i > 0; ) {
            int cp = text.codePointBefore(i); // a surrogate pair as one, a lone surrogate as itself
            sb.appendCodePoint(cp);
            i -= Character.charCount(cp);
        }
        return sb.toString();
    }

    /**
     * {@code text} as a port number: 1 to 65535, or 0 as well when {@code zeroAllowed} (any free
     * port); null when it is not one. The one check of a port typed by a person.
     */
    public static Integer port(String text, boolean zeroAllowed) {
        try {
            int p = Integer.parseInt(text);
            return p >= (zeroAllowed ? 0 : 1) && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "cannot listen on 127.0.0.1:9996: address already in use": the one wording, for every caller. */
    public static String cannotListen(String host, int port, java.io.UncheckedIOException e) {
        return "cannot listen on " + host + ":" + port + ": " + reason(e);
    }

    /**
     * Why a network operation failed, in lower case as Python prints strerror ("address already
     * in use", "connection refused"): the one wording of network failures, for the command line
     * and the console alike.
     */
    public static String reason(java.io.UncheckedIOException e) {
        Throwable cause = e.getCause();
        while (cause instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            cause = u.getCause();
        }
        if (cause instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return message.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code bytes} as UTF-8 text; null if they are not valid UTF-8 (see {@link #decodeLenient}). */
    static String decodeStrict(byte[] bytes) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII); // valid as it is: no decoder to make
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code bytes} as UTF-8 text, each malformed sequence replaced by U+FFFD. */
    static String decodeLenient(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
