package id.reklame.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Breaks the running stack on a schedule: {@code kill -9} of each service, a restart of the Kafka broker
 * and of PostgreSQL (SIGTERM: a clean stop). run-local.sh, started with LOCAL_STACK_SUPERVISE=1, starts
 * whatever ended again; a fault's window runs from the signal until the new process is ready.
 */
final class Faults {

    /** A fault's window, in nanos of {@link System#nanoTime()}. */
    record Window(String name, long startNanos, long endNanos) {
    }

    record Step(String process, boolean kill, long atSeconds) {
        String name() {
            return (kill ? "kill -9 " : "restart ") + process;
        }
    }

    private final Path pids;
    private final Path logs;
    private final Map<String, Integer> servicePorts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    final List<Window> windows = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    Faults(Path stackDir, Map<String, Integer> servicePorts) {
        this.pids = stackDir.resolve("pids");
        this.logs = stackDir.resolve("logs");
        this.servicePorts = servicePorts;
    }

    /** Each service killed once, then Kafka and PostgreSQL restarted, from {@code first} s every {@code spacing} s. */
    static List<Step> schedule(long first, long spacing) {
        List<String> order = List.of("kafka", "reklame-command", "permit-worker", "postgres", "reklame-query", "ingress-proxy");
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            String process = order.get(i);
            steps.add(new Step(process, !process.equals("kafka") && !process.equals("postgres"), first + i * spacing));
        }
        return steps;
    }

    /** Runs the steps in order, each at its time but not before the previous one has been over for 10 s. */
    void run(List<Step> steps, long t0) {
        long notBefore = t0;
        for (Step step : steps) {
            long at = Math.max(t0 + step.atSeconds() * 1_000_000_000L, notBefore);
            sleepUntil(at);
            try {
                Window window = inject(step);
                windows.add(window);
                System.out.printf("[suite] %-26s at %6.1f s, back after %5.1f s%n", step.name(),
                        (window.startNanos() - t0) / 1e9, (window.endNanos() - window.startNanos()) / 1e9);
                notBefore = window.endNanos() + 10_000_000_000L;
            } catch (Exception e) {
                problems.add(step.name() + ": " + e);
                System.out.println("[suite] " + step.name() + " failed: " + e);
            }
        }
    }

    private Window inject(Step step) throws Exception {
        long pid = pid(step.process());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(step.process() + " (pid " + pid + ") is not running"));
        long start = System.nanoTime();
        if (step.kill()) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (process.isAlive() || pid(step.process()) == pid) {
            check(deadline, step.process() + " did not end or was not started again");
            Thread.sleep(50);
        }
        while (!ready(step.process())) {
            check(deadline, step.process() + " was not ready again");
            Thread.sleep(100);
        }
        return new Window(step.name(), start, System.nanoTime());
    }

    private boolean ready(String process) throws IOException {
        Integer port = servicePorts.get(process);
        if (port == null) { // the broker and the database: the same signs run-local.sh waits for
            Path log = logs.resolve(process + ".log");
            String sign = process.equals("kafka") ? "Kafka Server started" : "LocalPostgres ready";
            return Files.exists(log) && Files.readString(log).contains(sign);
        }
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long pid(String process) throws IOException {
        Path file = pids.resolve(process + ".pid");
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1; // being rewritten
        }
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " within 5 minutes");
        }
    }

    private static void sleepUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.min(left / 1_000_000 + 1, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
