package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** ContinuationSupport.checkAvailable (formerly Coroutine.checkAvailable): a JVM without the export fails with one line naming the flag. */
class CoroutineAvailabilityTest {

    @Test
    void checkAvailablePassesInThisJvm() {
        ContinuationSupport.checkAvailable(); // surefire passes the flag (pom.xml aio.jvm.flags)
    }

    @Test
    void withoutTheFlagRunFailsWithOneLineNamingIt() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // The folders holding the main classes and the test classes (surefire's own class path
        // may be a manifest-only jar, so take the code sources instead).
        String classPath = location(Aio.class) + File.pathSeparator + location(NoExportsMain.class);
        java.lang.Process p = new ProcessBuilder(java, "-cp", classPath, NoExportsMain.class.getName())
                .redirectInput(ProcessBuilder.Redirect.from(new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")))
                .start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
            String stderr = new String(err, StandardCharsets.UTF_8);
            List<String> lines = stderr.lines().toList();
            assertEquals(3, p.exitValue(), "stdout: " + new String(out, StandardCharsets.UTF_8) + "\nstderr: " + stderr);
            assertEquals(1, lines.size(), stderr);
            assertTrue(lines.get(0).contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), stderr);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
