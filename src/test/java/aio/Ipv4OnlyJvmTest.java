package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a machine without IPv6 (here: a JVM told to prefer the IPv4 stack, where the JDK refuses
 * IPv6 sockets with UnsupportedOperationException), the stream functions fail as asyncio's do
 * there, with an OSError-like error (EAFNOSUPPORT), and a connection with no host falls back to
 * 127.0.0.1 instead of crashing on ::1.
 */
class Ipv4OnlyJvmTest {
    @Test
    void withoutIpv6TheLoopbackStillWorksAndIpv6FailsAsAnOsError() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = location(Aio.class) + File.pathSeparator + location(Ipv4OnlyMain.class);
        Process p = new ProcessBuilder(java, "-Djava.net.preferIPv4Stack=true",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-cp", classPath, Ipv4OnlyMain.class.getName())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
            assertEquals(0, p.exitValue(), out + err);
            List<String> lines = out.lines().toList();
            assertTrue(!lines.isEmpty() && lines.get(0).startsWith("port: "), out + err);
            String port = lines.get(0).substring("port: ".length());
            assertEquals(List.of(
                    "port: " + port,
                    "no host: hi",
                    "::1 connect: ConnectionError: Connect call failed ('::1', " + port + ", 0, 0): "
                            + "Address family not supported by protocol (IPv6 not available)",
                    "::1 server: cannot open a listening socket: Address family not supported by protocol (IPv6 not available)"),
                    lines, err);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
