package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The completeness tables in src/test/resources/cpython: for each of CPython's test_asyncio files
 * that cover aio's API, one row per CPython test, ported (and where) or not ported (and why).
 *
 * <p>What this checks without CPython at hand: a ported row names Java test methods that exist and
 * whose comment names both the CPython file and the test; a row not ported gives a reason of a
 * known kind; no test is listed twice; the README's coverage table has this table's counts. That
 * the rows are exactly CPython's tests is checked by {@code tools/cpython_tests.py check}, run
 * where CPython 3.13 is installed.
 */
class CPythonCoverageTest {
    static final List<String> FILES = List.of("test_tasks", "test_futures", "test_taskgroups",
            "test_timeouts", "test_locks", "test_queues", "test_streams", "test_subprocess", "test_base_events");
    static final List<String> REASONS = List.of("API not offered:", "Java difference:", "Python only:",
            "CPython internals:");
    private static final Path TABLES = Path.of("src/test/resources/cpython");
    private static final Path JAVA_TESTS = Path.of("src/test/java");
    private static final Pattern METHOD = Pattern.compile("^\\s*(?:public\\s+|static\\s+)*void\\s+(\\w+)\\s*\\(");

    record Row(String test, boolean ported, String detail) {
    }

    @TestFactory
    Stream<DynamicTest> everyTableHoldsUp() {
        String readme = read(Path.of("README.md"));
        return FILES.stream().map(file -> DynamicTest.dynamicTest(file, () -> check(file, readme)));
    }

    /** The checker itself: a row naming a test that does not port it, or no test at all, is refused. */
    @org.junit.jupiter.api.Test
    void aRowThatDoesNotPointAtAPortIsRefused() {
        assertEquals(null, portedProblem("test_futures", "BaseFutureTests.test_cancel", "FutureTest#cancelTransitions"));
        assertTrue(portedProblem("test_futures", "BaseFutureTests.test_cancel", "FutureTest#initialStateIsPending")
                .contains("does not name"));
        assertTrue(portedProblem("test_futures", "BaseFutureTests.test_cancel", "FutureTest#noSuchMethod")
                .startsWith("no method"));
        assertTrue(portedProblem("test_futures", "BaseFutureTests.test_cancel", "NoSuchTest#cancel")
                .startsWith("no test class"));
        assertTrue(portedProblem("test_futures", "BaseFutureTests.test_cancel", "FutureTest.cancelTransitions")
                .contains("is not Class#method"));
        // its comment names test_wait_first_completed: a longer name does not name test_wait
        assertTrue(portedProblem("test_tasks", "BaseTaskTests.test_wait", "WaitTest#firstCompletedReturnsWhenOneIsDone")
                .contains("does not name"));
    }

    private static void check(String file, String readme) {
        Path table = TABLES.resolve(file + ".tsv");
        assertTrue(Files.exists(table), "no table " + table);
        List<Row> rows = rows(table);
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            if (!seen.add(row.test())) {
                problems.add(row.test() + ": listed twice");
            }
            if (row.ported()) {
                for (String where : row.detail().split(",\\s*")) {
                    String problem = portedProblem(file, row.test(), where.trim());
                    if (problem != null) {
                        problems.add(row.test() + ": " + problem);
                    }
                }
            } else if (REASONS.stream().noneMatch(row.detail()::startsWith)) {
                problems.add(row.test() + ": the reason must start with one of " + REASONS + ": " + row.detail());
            }
        }
        if (!problems.isEmpty()) {
            fail(file + ".tsv:\n  " + String.join("\n  ", problems));
        }
        long ported = rows.stream().filter(Row::ported).count();
        String expected = "| " + file + ".py | " + rows.size() + " | " + ported + " | " + (rows.size() - ported) + " |";
        assertTrue(readme.contains(expected), "README's coverage table should have the row " + expected);
    }

    /** Null when {@code where} (Class#method) is a test whose comment names file and test. */
    private static String portedProblem(String file, String test, String where) {
        String[] parts = where.split("#");
        if (parts.length != 2) {
            return "'" + where + "' is not Class#method";
        }
        Path source = sources().get(parts[0]);
        if (source == null) {
            return "no test class " + parts[0];
        }
        String comment = comments(source).get(parts[1]);
        if (comment == null) {
            return "no method " + where;
        }
        String name = test.substring(test.indexOf('.') + 1);
        Pattern named = Pattern.compile("(?<![A-Za-z0-9_.])(?:\\w+\\.)?" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
        if (!comment.contains(file + ".py") || !named.matcher(comment).find()) {
            return where + "'s comment does not name " + file + ".py and " + name;
        }
        return null;
    }

    private static List<Row> rows(Path table) {
        List<Row> rows = new ArrayList<>();
        for (String line : read(table).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t");
            assertEquals(3, cells.length, table + ": three tab-separated cells wanted: " + line);
            assertTrue(cells[1].equals("ported") || cells[1].equals("not ported"), table + ": " + line);
            rows.add(new Row(cells[0], cells[1].equals("ported"), cells[2]));
        }
        return rows;
    }

    private static Map<String, Path> sources;

    private static synchronized Map<String, Path> sources() {
        if (sources == null) {
            sources = new HashMap<>();
            try (Stream<Path> walk = Files.walk(JAVA_TESTS)) {
                walk.filter(p -> p.toString().endsWith(".java"))
                        .forEach(p -> sources.put(p.getFileName().toString().replace(".java", ""), p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    /** Each method's comment: the // lines just above it (annotations between) and atop its body. */
    static Map<String, String> comments(Path source) {
        String[] lines = read(source).split("\n");
        Map<String, String> out = new HashMap<>();
        StringBuilder above = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].strip();
            if (stripped.startsWith("//")) {
                above.append(stripped).append(' ');
                continue;
            }
            if (stripped.startsWith("@")) {
                continue;
            }
            Matcher m = METHOD.matcher(lines[i]);
            if (m.find()) {
                StringBuilder comment = new StringBuilder(above);
                for (int j = i + 1; j < lines.length && lines[j].strip().startsWith("//"); j++) {
                    comment.append(lines[j].strip()).append(' ');
                }
                out.merge(m.group(1), comment.toString(), (a, b) -> a + " " + b);
            }
            above.setLength(0);
        }
        return out;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
