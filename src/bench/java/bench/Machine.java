package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the bench ran on: the lines above its table. */
final class Machine {
    private Machine() {
    }

    /** "2 cores, AMD EPYC, 23.5 GiB RAM, Linux 6.1 (amd64)". */
    static String hardware() {
        StringBuilder sb = new StringBuilder();
        sb.append(Runtime.getRuntime().availableProcessors()).append(" cores");
        String cpu = cpuModel();
        if (cpu != null) {
            sb.append(", ").append(cpu);
        }
        long memKib = memTotalKib();
        if (memKib > 0) {
            sb.append(String.format(", %.1f GiB RAM", memKib / 1024.0 / 1024.0));
        }
        sb.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(" (").append(System.getProperty("os.arch")).append(')');
        return sb.toString();
    }

    /** "Java 25.0.1+8-LTS (Eclipse Adoptium), OpenJDK 64-Bit Server VM". */
    static String jdk() {
        return "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
                + "), " + System.getProperty("java.vm.name");
    }

    /** "Python 3.11.7", or null when {@code python} is null or does not answer. */
    static String python(String python) {
        if (python == null) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The 1, 5 and 15 minute load averages ("3.12 2.80 2.01"), or null without /proc. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }

    private static long memTotalKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
