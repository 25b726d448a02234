package tutor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where aio-tutor keeps what must outlive a session (history, lesson progress):
 * {@code $XDG_STATE_HOME/aio-tutor}, or {@code $HOME/.local/state/aio-tutor} when that is unset
 * or not absolute, as the XDG Base Directory spec says. {@code AIO_TUTOR_STATE} overrides
 * both (tests use it).
 */
final class StateDir {
    private StateDir() {
    }

    static Path of(Map<String, String> env) {
        String own = env.get("AIO_TUTOR_STATE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "aio-tutor");
        }
        // $HOME, as the spec says and a shell user expects (Java's user.home is the account's
        // home from the password database, which ignores a HOME set for this run)
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() && Path.of(home).isAbsolute() ? home : System.getProperty("user.home"),
                ".local", "state", "aio-tutor");
    }

    /**
     * Why {@code file} could not be written (replaced by a new file made next to it, as the
     * state files are), or null when it could: its folder, or the nearest existing folder above
     * it, must be a writable folder, and the file itself, if there, a writable regular file.
     * Only looks: creates nothing.
     */
    static String whyNotWritable(Path file) {
        Path f = file.toAbsolutePath();
        if (Files.isDirectory(f)) {
            return Messages.get("io.folder-in-its-place");
        }
        if (Files.exists(f) && !Files.isWritable(f)) {
            return Messages.get("io.permission-denied");
        }
        Path folder = f.getParent();
        while (folder != null && !Files.exists(folder)) {
            folder = folder.getParent();
        }
        if (folder == null) {
            return Messages.get("io.no-folder");
        }
        if (!Files.isDirectory(folder)) {
            return Messages.get("io.file-not-folder", folder);
        }
        return Files.isWritable(folder) ? null : Messages.get("io.permission-denied-on", folder);
    }

    /** An I/O failure in a few words, for a one-line message ("permission denied", not a class name). */
    static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return Messages.get("io.permission-denied");
        }
        if (e instanceof NoSuchFileException) {
            return Messages.get("io.no-such-file");
        }
        if (e instanceof NotDirectoryException) {
            return Messages.get("io.not-a-folder");
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Messages.get("io.folder-in-the-way");
        }
        if (e instanceof FileAlreadyExistsException) {
            return Messages.get("io.file-in-the-way");
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
