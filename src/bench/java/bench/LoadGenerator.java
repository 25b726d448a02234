package bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import lecture.ReverseEcho;

/** The bench's side of a {@link LoadMain} process: one window at a time. */
final class LoadGenerator implements AutoCloseable {
    private final Process process;
    private final OutputStream commands;
    private final BufferedReader results;

    private LoadGenerator(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
        this.results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static LoadGenerator start() throws IOException {
        return new LoadGenerator(Procs.start(new ProcessBuilder(Procs.javaCommand(LoadMain.class.getName()))
                .directory(Project.workDir().toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)));
    }

    /** Loads {@code server} with {@code clients} clients for {@code seconds}; the window's RESULT. */
    ResultLine window(EchoServers.Running server, int clients, double seconds) throws IOException, InterruptedException {
        String command = String.format(Locale.ROOT, "%s %d %d %s %d%n", ReverseEcho.HOST, server.port(), clients,
                seconds, server.process().pid());
        commands.write(command.getBytes(StandardCharsets.UTF_8));
        commands.flush();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(this::readResult);
        try {
            String result = line.get((long) seconds + 120, TimeUnit.SECONDS);
            if (result == null) {
                throw new IOException("the load generator ended" + exitStatus());
            }
            return ResultLine.parseAll(result).getFirst();
        } catch (TimeoutException e) {
            throw new IOException("the load generator did not answer within " + ((long) seconds + 120) + " s");
        } catch (ExecutionException e) {
            throw new IOException("the load generator failed: " + e.getCause(), e.getCause());
        }
    }

    private String readResult() {
        try {
            String l;
            while ((l = results.readLine()) != null) {
                if (l.startsWith(ResultLine.PREFIX)) {
                    return l;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private String exitStatus() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? " with status " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            commands.close(); // end of input: it exits
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                Procs.kill(process);
            }
        } catch (InterruptedException e) {
            Procs.kill(process);
            Thread.currentThread().interrupt();
        }
    }
}
