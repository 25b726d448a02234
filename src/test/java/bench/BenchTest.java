package bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bench harness works: every part runs at its smallest size and prints its table. Nothing
 * here asserts a speed; the machine running the tests is busy with other things.
 */
class BenchTest {

    record Ran(int status, String out, String err) {
    }

    private static Ran bench(Bench.Options options, String python) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
             var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Bench.run(options, python, "./run.sh bench --tiny", o, e);
        }
        return new Ran(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Ran main(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
             var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Bench.main(args, o, e);
        }
        return new Ran(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The table rows (Markdown lines starting with "| ") whose first cell starts with {@code workload}. */
    private static List<String> rows(String out, String workload) {
        return out.lines().filter(l -> l.startsWith("| " + workload)).toList();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyPartRunsAtTheSmallestSizeAndPrintsItsTable() {
        Ran r = bench(new Bench.Options(Plan.tiny(), Set.copyOf(Bench.PARTS), false, false), Python.command());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("- machine: "), r.out());
        assertTrue(r.out().contains("### The runtime against CPython asyncio"), r.out());
        assertTrue(r.out().contains("### The reverse-echo server"), r.out());
        assertTrue(r.out().contains("### The console against jshell"), r.out());
        for (String workload : List.of("create + gather 1,000 tasks", "ping-pong via Future", "ping-pong via Queue",
                "1,000 timers, virtual clock", "1,000 timers, real clock", "1 client ", "4 clients",
                "first prompt", "meta-command", "snippet after warm-up")) {
            List<String> rows = rows(r.out(), workload);
            assertFalse(rows.isEmpty(), workload + " has no row:\n" + r.out());
            for (String row : rows) {
                String aio = row.split("\\|")[3].strip();
                assertFalse(aio.equals("n/a") || aio.isEmpty(), "aio measured nothing: " + row);
            }
        }
        for (String workload : List.of("create + gather 1,000 tasks", "ping-pong via Future", "ping-pong via Queue")) {
            List<String> perCpu = rows(r.out(), workload).stream().filter(row -> row.contains(" per CPU second ")).toList();
            assertEquals(1, perCpu.size(), workload + " has one row per CPU second:\n" + r.out());
            String[] cells = perCpu.getFirst().split("\\|");
            assertTrue(cells[4].strip().endsWith("/s"), "virtual threads' CPU time was measured: " + perCpu.getFirst());
        }
        for (String row : rows(r.out(), "1 client ")) {
            if (row.contains("| errors ")) {
                assertEquals("0", row.split("\\|")[3].strip(), "the aio server answered every client: " + row);
            }
        }
        String echoHeader = r.out().lines().filter(l -> l.startsWith("| workload ") && l.contains("seed asyncio server"))
                .findFirst().orElseThrow(() -> new AssertionError("no echo table:\n" + r.out()));
        List<String> columns = List.of(echoHeader.split("\\|")).stream().map(String::strip).toList();
        assertTrue(columns.get(4).startsWith("seed asyncio server"), echoHeader);
        assertTrue(columns.get(6).startsWith("seed server + uvloop"), echoHeader);
        assertEquals("Netty (" + NettyEchoServer.transport() + ", 1 thread)", columns.get(8), echoHeader);
        assertEquals("thread-per-connection Java", columns.get(10), echoHeader);
        for (String workload : List.of("1 client ", "4 clients")) {
            for (String row : rows(r.out(), workload)) {
                String[] cells = row.split("\\|");
                if (row.contains("| errors ")) {
                    assertEquals("0", cells[8].strip(), "the Netty server answered every client: " + row);
                } else if (row.contains("| connections/s ")) {
                    assertFalse(cells[8].strip().equals("n/a"), "Netty was measured: " + row);
                }
            }
        }
        assertTrue(r.err().contains("bench: runtime (tiny)"), "progress goes to stderr: " + r.err());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theNettyServerAnswersTheReverseEchoProtocol() throws Exception {
        Process server = Procs.start(new ProcessBuilder(Procs.javaCommand(EchoServers.NETTY_OPTIONS,
                NettyEchoServer.class.getName(), "0")).redirectError(ProcessBuilder.Redirect.INHERIT));
        try {
            server.getOutputStream().close();
            var lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String serving = lines.readLine();
            assertNotNull(serving, "the Netty server printed nothing");
            Matcher m = Pattern.compile("serving on \\('127\\.0\\.0\\.1', (\\d+)\\)").matcher(serving);
            assertTrue(m.matches(), serving);
            assertEquals("transport: " + NettyEchoServer.transport(), lines.readLine());
            int port = Integer.parseInt(m.group(1));
            for (var e : List.of(Map.entry("hello", "olleh"), Map.entry("привет 🙂", "🙂 тевирп"))) {
                String message = e.getKey();
                try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertEquals(e.getValue(), reply, "the reply to " + message);
                }
                String client = lines.readLine();
                assertNotNull(client);
                assertTrue(client.matches("client: \\('127\\.0\\.0\\.1', \\d+\\)"), client);
            }
        } finally {
            Procs.kill(server);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withoutPythonTheBenchSaysSoAndRunsTheRest() {
        Ran r = bench(new Bench.Options(Plan.tiny(), Set.of("runtime"), false, false), null);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("python3 is not on the PATH"), r.err());
        assertTrue(r.out().contains("python3 was not found"), r.out());
        assertTrue(r.out().contains("no python3"), r.out());
        String pythonTable = r.out().substring(0, r.out().indexOf("### The runtime against virtual threads"));
        for (String row : rows(pythonTable, "create + gather")) {
            String[] cells = row.split("\\|");
            assertFalse(cells[3].strip().equals("n/a"), row);
            assertEquals("n/a", cells[4].strip(), row);
        }
        for (String row : rows(r.out().substring(pythonTable.length()), "create + gather")) {
            assertFalse(row.split("\\|")[4].strip().equals("n/a"), "the Java peers run without Python: " + row);
        }
    }

    @Test
    void theCommandLine() {
        assertEquals(0, main("--help").status());
        assertTrue(main("--help").out().startsWith("Usage: aio-tutor bench"));
        Ran bad = main("--fast");
        assertEquals(64, bad.status());
        assertTrue(bad.err().contains("unknown option '--fast'"), bad.err());
        assertEquals(64, main("--only", "gpu").status());
        assertEquals(64, main("--only").status());
        Bench.Options o = Bench.parse(new String[] {"--quick", "--only", "echo,console", "--write"}, System.err);
        assertNotNull(o);
        assertEquals("quick", o.plan().name());
        assertEquals(Set.of("echo", "console"), o.parts());
        assertTrue(o.write());
        assertNull(Bench.parse(new String[] {"--only", "runtime,,echo"}, new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void mediansPercentilesAndResultLines() {
        assertEquals(2.0, Stats.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(Stats.median(new double[0])));
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, Stats.percentile(sorted, 100, 50));
        assertEquals(99, Stats.percentile(sorted, 100, 99));
        assertEquals(1, Stats.percentile(sorted, 1, 99));
        List<ResultLine> lines = ResultLine.parseAll("noise\nRESULT seconds=1.5 count=10 cpu=nan\nmore\n");
        assertEquals(1, lines.size());
        assertEquals(1.5, lines.getFirst().get("seconds"));
        assertTrue(Double.isNaN(lines.getFirst().get("cpu")));
    }

    @Test
    void figuresJudgeTheirTargets() {
        Figure fast = new Figure("w", "tasks/s", Figure.Unit.PER_SECOND, 600, List.of(100.0), Figure.Target.ratioAtLeast(5));
        assertEquals(6.0, fast.ratio(0));
        assertEquals(Boolean.TRUE, fast.met());
        Figure big = new Figure("w", "peak RSS", Figure.Unit.MIB, 200, List.of(100.0), Figure.Target.ratioAtMost(1));
        assertEquals(Boolean.FALSE, big.met());
        Figure noPeer = new Figure("w", "tasks/s", Figure.Unit.PER_SECOND, 600, List.of(Double.NaN), Figure.Target.ratioAtLeast(5));
        assertNull(noPeer.met(), "no peer, no verdict");
        Figure prompt = new Figure("w", "ms", Figure.Unit.MILLIS, 420, List.of(900.0), Figure.Target.atMost(500));
        assertEquals(Boolean.TRUE, prompt.met());
        String table = new Section("t", List.of("peer"), List.of(fast, big), List.of("a note")).markdown();
        List<String> lines = table.lines().filter(l -> l.startsWith("|")).toList();
        assertEquals(4, lines.size(), table);
        assertTrue(lines.stream().allMatch(l -> l.length() == lines.getFirst().length()), "padded columns:\n" + table);
        assertTrue(table.contains("| **no** |"), table);
        assertTrue(table.contains("- a note"), table);
        Figure two = new Figure("w", "conn/s", Figure.Unit.PER_SECOND, 150, List.of(100.0, 200.0),
                List.of(Figure.Target.ratioAtLeast(1.5), Figure.Target.ratioAtLeast(1).against(1)));
        assertEquals(Boolean.FALSE, two.met());
        String both = new Section("t", List.of("peer one", "peer two"), List.of("one", "two"), List.of(two), List.of())
                .markdown();
        assertTrue(both.contains("| ≥ 1.5× one; ≥ 1.0× two | **no** (two) |"), both);
    }
}
