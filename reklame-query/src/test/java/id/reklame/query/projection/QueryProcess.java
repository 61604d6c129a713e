package id.reklame.query.projection;

import id.reklame.query.QueryApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** reklame-query as a process of its own, so a test can kill it as hard as a machine failure would. */
final class QueryProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final File log;

    private QueryProcess(Process process, int port, File log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static QueryProcess start(String name, List<String> settings) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), QueryApplication.class.getName(), "--server.port=" + port,
                "--server.address=127.0.0.1"));
        settings.forEach(s -> command.add("--" + s));
        File log = new File("target/" + name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
        return new QueryProcess(process, port, log);
    }

    /** Waits until the service is ready to serve. */
    QueryProcess awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("reklame-query exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("reklame-query was not ready in " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no graceful stop, no last commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /**
     * For a failure message: the stacks of the process's listener threads (any virtual ones included), from a
     * thread dump written next to its log.
     */
    String listenerStacks() {
        File dump = new File(log.getPath().replace(".log", "-threads.txt"));
        String jcmd = ProcessHandle.current().info().command().map(java -> java.replaceFirst("java$", "jcmd")).orElse("jcmd");
        try {
            Process run = new ProcessBuilder(jcmd, Long.toString(process.pid()), "Thread.dump_to_file", "-overwrite",
                    dump.getAbsolutePath()).redirectErrorStream(true).start();
            String said = new String(run.getInputStream().readAllBytes());
            if (!run.waitFor(30, TimeUnit.SECONDS) || !dump.exists()) {
                return "(no thread dump: " + said.strip() + ")";
            }
            StringBuilder stacks = new StringBuilder();
            for (String thread : java.nio.file.Files.readString(dump.toPath()).split("\n\n")) {
                if (thread.contains("-C-") || thread.contains("\"kafka-") || thread.contains("jdbc") || thread.contains("postgresql")) {
                    stacks.append(thread.strip()).append("\n\n");
                }
            }
            return stacks.isEmpty() ? "(no listener threads in " + dump + ")" : stacks.toString();
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    /** For a failure message, readable where the build ran: the process's warnings and partition assignments. */
    String warnings(int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(log.toPath()).stream()
                    .filter(l -> l.contains("\"level\":\"WARN\"") || l.contains("\"level\":\"ERROR\"")
                            || l.contains("partitions assigned") || l.contains("resuming"))
                    .toList();
            return log.getName() + ":\n" + String.join("\n", all.subList(0, Math.min(lines, all.size())));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

}
