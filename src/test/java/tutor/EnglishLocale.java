package tutor;

import java.util.List;

/**
 * The environment of an aio-tutor the tests start as a process: an English locale, whatever the
 * machine's, since the console speaks the locale's language (a test of Russian says so itself).
 */
final class EnglishLocale {
    private EnglishLocale() {
    }

    /** {@code pb} with LC_ALL and LC_MESSAGES unset and LANG=C.UTF-8. */
    static ProcessBuilder of(ProcessBuilder pb) {
        pb.environment().remove("LC_ALL");
        pb.environment().remove("LC_MESSAGES");
        pb.environment().put("LANG", "C.UTF-8");
        return pb;
    }

    /** The same, as words for env(1): "-u LC_ALL -u LC_MESSAGES LANG=C.UTF-8". */
    static List<String> envWords() {
        return List.of("-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=C.UTF-8");
    }
}
