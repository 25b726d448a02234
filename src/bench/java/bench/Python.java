package bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CPython peers: every CPython 3 the machine has (python3 and python3.N on the PATH, and
 * pyenv's versions), each named with its version, and whether it can import uvloop.
 */
final class Python {
    private Python() {
    }

    /**
     * One interpreter.
     *
     * @param command    what runs it
     * @param version    "3.11.7"
     * @param executable its sys.executable, resolved (two names of one interpreter count once)
     * @param uvloop     uvloop's version when {@code import uvloop} works there, else null
     */
    record Interpreter(String command, String version, String executable, String uvloop) {
        /** "CPython 3.11.7". */
        String label() {
            return "CPython " + version;
        }

        /** The version as numbers, for sorting. */
        int[] numbers() {
            String[] parts = version.split("\\.");
            int[] n = new int[3];
            for (int i = 0; i < Math.min(3, parts.length); i++) {
                String digits = parts[i].replaceAll("\\D.*", ""); // "0rc1" -> "0"
                n[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits);
            }
            return n;
        }
    }

    /** The python3 on the PATH, or null. */
    static String command() {
        Path p = Procs.onPath("python3");
        return p == null ? null : p.toString();
    }

    /** Every distinct CPython 3 found, python3 on the PATH first, then by version. */
    static List<Interpreter> all() {
        List<String> candidates = new ArrayList<>();
        String first = command();
        if (first != null) {
            candidates.add(first);
        }
        for (int minor = 8; minor <= 15; minor++) {
            Path p = Procs.onPath("python3." + minor);
            if (p != null) {
                candidates.add(p.toString());
            }
            Path system = Path.of("/usr/bin/python3." + minor);
            if (Files.isExecutable(system)) {
                candidates.add(system.toString());
            }
        }
        String pyenv = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
        Path versions = Path.of(pyenv, "versions");
        if (Files.isDirectory(versions)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(versions)) {
                for (Path d : dirs) {
                    Path p = d.resolve("bin").resolve("python3");
                    if (Files.isExecutable(p)) {
                        candidates.add(p.toString());
                    }
                }
            } catch (IOException e) {
                // no pyenv versions to add
            }
        }
        Map<String, Interpreter> byExecutable = new LinkedHashMap<>();
        for (String c : candidates) {
            Interpreter i = probe(c);
            if (i != null) {
                byExecutable.putIfAbsent(i.executable(), i);
            }
        }
        List<Interpreter> found = new ArrayList<>(byExecutable.values());
        Interpreter onPath = found.isEmpty() || first == null || !found.getFirst().command().equals(first) ? null : found.removeFirst();
        found.sort((a, b) -> java.util.Arrays.compare(a.numbers(), b.numbers()));
        if (onPath != null) {
            found.addFirst(onPath);
        }
        return found;
    }

    /** What {@code command} is, if it is CPython 3 and runs. */
    static Interpreter probe(String command) {
        String out = output(List.of(command, "-c",
                "import platform, sys, os\n"
                        + "try:\n    import uvloop; u = uvloop.__version__\nexcept Exception:\n    u = ''\n"
                        + "print(platform.python_implementation(), platform.python_version(), os.path.realpath(sys.executable), u)"));
        if (out == null) {
            return null;
        }
        String[] words = out.strip().split(" ");
        if (words.length < 3 || !words[0].equals("CPython") || !words[1].startsWith("3.")) {
            return null;
        }
        Interpreter i = new Interpreter(command, words[1], words[2], words.length > 3 && !words[3].isEmpty() ? words[3] : null);
        // asyncio.run and create_task, which the workloads use, came with 3.7; 3.8 is the oldest that
        // runs them all alike
        return i.numbers()[1] >= 8 ? i : null;
    }

    /** The standard output of a short command, or null when it fails. */
    private static String output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
