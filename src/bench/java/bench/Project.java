package bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are: its bench/ folder (the Python peers, results.md) and lessons/. */
final class Project {
    private Project() {
    }

    /**
     * The bench/ folder: the {@code bench.dir} property, else bench/ two levels above the
     * compiled classes (target/classes), else ./bench.
     */
    static Path benchDir() {
        String property = System.getProperty("bench.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        try {
            Path classes = Path.of(Project.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = classes.getParent().getParent().resolve("bench");
            if (Files.isRegularFile(dir.resolve("py_workloads.py"))) {
                return dir;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("bench").toAbsolutePath();
    }

    /** The project's folder: the one holding bench/. */
    static Path root() {
        return benchDir().getParent();
    }

    /** The folder child processes start in: the project's, if it is there. */
    static Path workDir() {
        Path root = root();
        return root != null && Files.isDirectory(root) ? root : Path.of(System.getProperty("user.dir"));
    }

    /** One of the peers' scripts in bench/. */
    static Path script(String name) {
        return benchDir().resolve(name);
    }
}
