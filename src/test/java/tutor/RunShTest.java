package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.sh's own lines when it cannot start: no JDK it can use. They speak the learner's language
 * too, chosen as the program chooses (--lang, then the locale).
 */
class RunShTest {
    @TempDir
    Path state;

    record Ran(int status, String err) {
    }

    private Ran runSh(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", Path.of("run.sh").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = EnglishLocale.of(new ProcessBuilder(cmd));
        pb.environment().remove("JAVA_HOME");
        // no JDK 21+ anywhere it looks: the PATH's java (if any) is older or absent, no install folders
        pb.environment().put("PATH", "/usr/bin" + File.pathSeparator + "/bin");
        pb.environment().put("AIO_JDK_SEARCH_PATH", state.resolve("no-jdks-here").toString());
        pb.environment().put("AIO_TUTOR_STATE", state.toString());
        pb.environment().putAll(env);
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Ran(p.exitValue(), err);
    }

    private static boolean aJdk21OnThePath() {
        for (String dir : List.of("/usr/bin", "/bin")) {
            if (new File(dir, "java").canExecute() && Runtime.version().feature() >= 21) {
                try {
                    Process p = new ProcessBuilder(dir + "/java", "-XshowSettings:properties", "-version")
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor();
                    var m = java.util.regex.Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(out);
                    if (m.find() && Integer.parseInt(m.group(1)) >= 21) {
                        return true;
                    }
                } catch (Exception e) {
                    return false;
                }
            }
        }
        return false;
    }

    @Test
    void withoutAJdkItSaysWhatToInstallInTheLearnersLanguage() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(aJdk21OnThePath(), "a JDK 21+ is on /usr/bin: run.sh would find it");
        Ran english = runSh(Map.of());
        assertEquals(69, english.status(), english.err());
        assertTrue(english.err().startsWith("run.sh: needs a JDK 21 or newer"), english.err());
        assertTrue(english.err().contains("https://adoptium.net"), english.err());

        Ran russian = runSh(Map.of("LANG", "ru_RU.UTF-8"));
        assertEquals(69, russian.status(), russian.err());
        assertTrue(russian.err().startsWith("run.sh: нужен JDK 21 или новее"), russian.err());

        Ran option = runSh(Map.of(), "--lang", "ru", "--version");
        assertTrue(option.err().startsWith("run.sh: нужен JDK 21"), "--lang ru: " + option.err());
        Ran overridden = runSh(Map.of("LANG", "ru_RU.UTF-8"), "--lang=en");
        assertTrue(overridden.err().startsWith("run.sh: needs a JDK 21"), "--lang=en: " + overridden.err());
    }
}
