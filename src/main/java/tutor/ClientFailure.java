package tutor;

import lecture.ReverseEcho;
import lecture.ReverseEchoClient;

/**
 * A failed run of the lecture's client ({@code --client}, {@code :send}) in the learner's
 * language. The lecture's package says it in English (its exception message); the console and
 * the command line say it from the catalogue.
 */
public final class ClientFailure {
    private ClientFailure() {
    }

    /** "cannot connect to 127.0.0.1:9996: connection refused", in the language in use. */
    public static String say(ReverseEchoClient.Failed e) {
        return switch (e.kind) {
            case REFUSED -> Messages.get("client.refused", e.where);
            case NO_REPLY -> Messages.get("client.no-reply", e.where, (long) ReverseEcho.CLIENT_TIMEOUT_SECONDS);
            case LOST -> Messages.get("client.lost", e.where, e.reason);
            case CANNOT_CONNECT -> Messages.get("client.cannot-connect", e.where, e.reason);
        };
    }
}
