package id.reklame.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load and fault suite: drives the running system through the ingress at a fixed rate while it
 * kills and restarts its parts, then checks that nothing was lost or doubled and writes the report.
 * Started by bench/e2e/run.sh, which starts the stack and passes the settings as environment variables.
 * Exit status 0 when every invariant held, 1 when one did not.
 */
public final class Suite {

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String ingress = env("SUITE_INGRESS", "http://127.0.0.1:28180");
        String bootstrap = env("SUITE_KAFKA", "127.0.0.1:29192");
        String jdbc = env("SUITE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:25532/reklame");
        String dbUser = env("DATABASE_USERNAME", "reklame");
        String dbPassword = env("DATABASE_PASSWORD", "reklame");
        Path stack = Path.of(env("SUITE_STACK_DIR", "bench/e2e/target/stack"));
        Path out = Path.of(env("SUITE_REPORT_DIR", "bench/e2e/target/report"));
        int rate = Integer.parseInt(env("RATE", "200"));
        int duration = Integer.parseInt(env("DURATION", "300"));
        int warmUp = Integer.parseInt(env("WARMUP", "60"));
        int connections = Integer.parseInt(env("CONNECTIONS", "180"));
        boolean faults = !env("FAULTS", "on").equals("off");
        long firstFault = Long.parseLong(env("FAULT_START", "30"));
        long spacing = Long.parseLong(env("FAULT_SPACING", String.valueOf(Math.max(20, (duration - 90) / 5))));
        long grace = Long.parseLong(env("GRACE", "20"));
        Duration patience = Duration.ofSeconds(Long.parseLong(env("PATIENCE", "240")));
        Map<String, Integer> ports = Map.of(
                "ingress-proxy", Integer.parseInt(env("INGRESS_PROXY_PORT", "28180")),
                "reklame-command", Integer.parseInt(env("REKLAME_COMMAND_PORT", "28181")),
                "reklame-query", Integer.parseInt(env("REKLAME_QUERY_PORT", "28182")),
                "permit-worker", Integer.parseInt(env("PERMIT_WORKER_PORT", "28183")));
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random();
        // a band of the map of its own, so a stack kept from an earlier run has no neighbour within 10 m
        double baseLatitude = -10.9 + random.nextInt(2500) * 0.001;
        Files.createDirectories(out);

        say("run %s: a %d s warm-up rising to %d submissions/s, then %d s at that rate through %s (at most %d requests in flight), faults %s (grace %d s), load average %s",
                runId, warmUp, rate, duration, ingress, connections, faults ? "on" : "off", grace, loadAverage());
        String loadBefore = loadAverage();
        Calls calls = new Calls();
        Api api = new Api(ingress, calls, patience, connections);
        Traffic traffic = new Traffic(api, runId, baseLatitude, random.nextLong());
        Faults faultInjector = new Faults(stack, ports);
        Poison poison = new Poison(bootstrap);
        poison.send();

        long t0 = System.nanoTime();
        Instant started = Instant.now();
        long measuredFrom = t0 + warmUp * 1_000_000_000L;
        List<Faults.Step> schedule = faults ? Faults.schedule(warmUp + firstFault, spacing) : List.of();
        Thread faultThread = Thread.ofPlatform().name("faults").start(() -> faultInjector.run(schedule, t0));
        Thread poisonThread = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(warmUp * 1000L + duration * 500L);
                poison.send();
            } catch (Exception e) {
                System.out.println("[suite] the second poison round failed: " + e);
            }
        });
        Thread progress = Thread.ofVirtual().start(() -> progress(traffic, calls, t0));
        ExecutorService applicants = traffic.drive(rate, warmUp, duration);
        long sendingEnded = System.nanoTime();
        double sendingS = (sendingEnded - measuredFrom) / 1e9;
        say("all %d journeys started in %.1f s; waiting for them to finish", traffic.journeys.get(), sendingS);
        if (!applicants.awaitTermination(patience.toSeconds() * 4, TimeUnit.SECONDS)) {
            say("journeys still running after %d s: stopping them", patience.toSeconds() * 4);
            applicants.shutdownNow();
        }
        double trafficS = (System.nanoTime() - t0) / 1e9;
        faultThread.join();
        poisonThread.join();
        progress.interrupt();
        String loadAfter = loadAverage();

        say("traffic over after %.1f s; letting the system settle", trafficS);
        Checks checks = new Checks(jdbc, dbUser, dbPassword, bootstrap);
        double settled = checks.settle(Duration.ofMinutes(3));
        say("settled in %.1f s; checking", settled);
        checks.readModel(Set.copyOf(traffic.acceptedIds), traffic.expectations(), runId);
        checks.topic();
        checks.viewsCurrent();
        checks.deadLetters(poison, Duration.ofSeconds(90));

        List<Calls.Call> all = calls.all();
        Report report = new Report(t0, measuredFrom, sendingEnded, all, new ArrayList<>(traffic.latencies), new ArrayList<>(faultInjector.windows),
                grace * 1_000_000_000L);
        List<Calls.Call> outside = report.fiveHundredsOutsideWindows();
        checks.add(new Checks.Result("no 5xx outside the fault windows (each window plus " + grace + " s)", outside.isEmpty(),
                outside.size() + " 5xx answers outside the windows" + (outside.isEmpty() ? "" : ", e.g. " + outside.subList(0, Math.min(5, outside.size())).stream()
                        .map(c -> "%s %d at %.1f s".formatted(c.operation(), c.status(), report.seconds(c.outNanos()))).toList())));
        checks.add(new Checks.Result("every journey went as the domain says", traffic.problems.isEmpty() && traffic.gaveUp.sum() == 0,
                traffic.problems.size() + " problems (" + traffic.gaveUp.sum() + " gave up)" + (traffic.problems.isEmpty() ? ""
                        : ", e.g. " + traffic.problems.stream().limit(8).toList())));
        if (faults) {
            checks.add(new Checks.Result("every fault was injected and recovered from", faultInjector.problems.isEmpty()
                    && faultInjector.windows.size() == schedule.size(), faultInjector.windows.size() + " of " + schedule.size()
                    + " faults injected" + (faultInjector.problems.isEmpty() ? "" : ": " + faultInjector.problems)));
        }

        report.latencyOverTime(out.resolve("latency-over-time.png"));
        report.histogram(out.resolve("latency-histogram.png"));
        report.throughput(out.resolve("throughput.png"));
        String markdown = markdown(runId, started, rate, warmUp, duration, sendingS, trafficS, settled, loadBefore, loadAfter, traffic, all,
                report, checks, grace);
        Files.writeString(out.resolve("report.md"), markdown);
        System.out.println(markdown);
        say("report: %s", out.resolve("report.md"));
        System.exit(checks.passed() ? 0 : 1);
    }

    private static String markdown(String runId, Instant started, int rate, int warmUp, int duration, double sendingS, double trafficS,
                                   double settled, String loadBefore, String loadAfter, Traffic traffic, List<Calls.Call> calls,
                                   Report report, Checks checks, long grace) {
        StringBuilder md = new StringBuilder();
        Checks.Counts c = checks.counts;
        md.append("# Load and fault suite: run ").append(runId).append(checks.passed() ? " — GREEN" : " — RED").append("\n\n");
        md.append(("Started %s: a %d s warm-up rising to %d submissions/s (its applications are checked like all others, its latencies "
                + "and throughput left out), then %d s at %d/s (the last journey started %.1f s after the warm-up; the last finished %.1f s after the start; "
                + "the system settled %.1f s later). Times below are seconds since the start of the warm-up.%n")
                .formatted(started, warmUp, rate, duration, rate, sendingS, trafficS, settled));
        md.append("Machine: %d cores, load average before %s, after %s (shared with other work).%n%n"
                .formatted(Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));

        md.append("## Outcome\n\n| figure | value |\n|---|---|\n");
        long submits = calls.stream().filter(x -> x.operation().equals("submit")).count();
        md.append("| applications accepted (202) | %d |%n".formatted(c.accepted));
        md.append("| of which the journey ended (status and tax checked) | %d |%n".formatted(c.expected));
        md.append("| lost (accepted, not in the event store or the read model) | %d |%n".formatted(c.lost));
        md.append("| doubled (two applications for one submission) | %d |%n".formatted(c.doubled));
        md.append("| at a wrong status / with a wrong tax | %d / %d |%n".formatted(c.wrongStatus, c.wrongTax));
        md.append("| stored though the client never saw its 202 | %d |%n".formatted(c.unknownToClient));
        md.append("| invalid submissions refused with 400 | %d |%n".formatted(traffic.refusedAsInvalid.sum()));
        md.append("| throughput: submissions accepted per second, after the warm-up | %.1f |%n".formatted(report.acceptedAfterWarmUp() / sendingS));
        md.append("| HTTP calls in all (submission attempts) | %d (%d) |%n".formatted(calls.size(), submits));
        md.append("| events stored / records on the topic / re-sent with the same ce_id | %d / %d / %d |%n%n"
                .formatted(c.eventsInStore, c.topicRecords, c.resent));

        md.append("## Invariants\n\n");
        for (Checks.Result r : checks.results) {
            md.append("- ").append(r.passed() ? "**pass**" : "**FAIL**").append(" ").append(r.invariant()).append(": ").append(r.detail()).append('\n');
        }

        md.append("\n## Latency (ms)\n\n| measure | n | p50 | p90 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
        for (var row : List.of(
                Map.entry("202 -> view, all", report.sorted(Report.VIEW, false)),
                Map.entry("202 -> view, outside fault windows", report.sorted(Report.VIEW, true)),
                Map.entry("202 -> decision, all", report.sorted(Report.DECISION, false)),
                Map.entry("202 -> decision, outside fault windows", report.sorted(Report.DECISION, true)))) {
            double[] p = Report.percentiles(row.getValue(), 50, 90, 99, 99.9, 100);
            md.append("| %s | %d | %s | %s | %s | %s | %s |%n".formatted(row.getKey(), row.getValue().length,
                    Report.ms(p[0]), Report.ms(p[1]), Report.ms(p[2]), Report.ms(p[3]), Report.ms(p[4])));
        }
        long[] queued = calls.stream().filter(x -> x.sentNanos() >= report.measuredFrom()).mapToLong(Calls.Call::queuedNanos).sorted().toArray();
        double[] q = Report.percentiles(queued, 50, 90, 99, 100);
        md.append("| (each call's wait for a free connection, client side) | %d | %s | %s | %s | - | %s |%n".formatted(queued.length,
                Report.ms(q[0]), Report.ms(q[1]), Report.ms(q[2]), Report.ms(q[3])));
        md.append("\n202 -> view: from the 202 of the submission to the answer of `GET …?minVersion=1`; 202 -> decision: to the "
                + "answer of `?minVersion=2` (the worker's assessment, revision request or rejection). Outside fault windows: "
                + "the 202 and the answer both outside every window and its " + grace + " s grace. Both include the reads' waits for one of the "
                + "client's connections (last row): when that wait is large, the system did not keep up with the rate and the applicants queued.\n");

        md.append("\n## Faults\n\n| fault | at (s) | down until ready (s) | recovery after it (s) | failed calls in window + grace |\n|---|---|---|---|---|\n");
        for (Report.Recovery r : report.recoveries()) {
            md.append("| %s | %.1f | %.1f | %s | %d |%n".formatted(r.window().name(), r.startS(), r.downS(),
                    r.recoveryS() < 0 ? "not within the run" : "%.1f".formatted(r.recoveryS()), r.failedCalls()));
        }
        long firstFault = report.recoveries().stream().mapToLong(r -> r.window().startNanos()).min().orElse(Long.MAX_VALUE);
        md.append("\nDown: from the signal (kill -9 for a service, SIGTERM for Kafka and PostgreSQL) until run-local.sh had started "
                + "the process again and it was ready. Recovery: from then to the start of the first 5 s in which no call failed and the p90 "
                + "of 202 -> view and 202 -> decision were within 3x their p90 before the first fault (at least 100 ms): view %s ms, decision %s ms.%n"
                        .formatted(Report.ms(report.limit(Report.VIEW, firstFault)), Report.ms(report.limit(Report.DECISION, firstFault))));

        md.append("\n## Errors by kind and phase\n\n| kind | phase | calls |\n|---|---|---|\n");
        report.errors().forEach((kind, phases) -> phases.forEach((phase, n) -> md.append("| %s | %s | %d |%n".formatted(kind, phase, n))));
        md.append("\n## Journeys\n\n| journey | started | finished |\n|---|---|---|\n");
        for (Traffic.Scenario s : Traffic.Scenario.values()) {
            md.append("| %s | %d | %d |%n".formatted(s, traffic.started.get(s).sum(), traffic.finished.get(s).sum()));
        }
        if (!traffic.problems.isEmpty()) {
            md.append("\nProblems (first 20):\n\n");
            traffic.problems.stream().limit(20).forEach(p -> md.append("- ").append(p).append('\n'));
        }
        md.append("\n## Plots\n\n![latency over time](latency-over-time.png)\n\n![latency histogram](latency-histogram.png)\n\n![throughput](throughput.png)\n");
        return md.toString();
    }

    private static void progress(Traffic traffic, Calls calls, long t0) {
        try {
            while (true) {
                Thread.sleep(10_000);
                say("%5.0f s: %d journeys started, %d applications accepted, %d problems, load %s", (System.nanoTime() - t0) / 1e9,
                        traffic.journeys.get(), traffic.accepted.sum(), traffic.problems.size(), loadAverage());
            }
        } catch (InterruptedException e) {
            // the traffic is over
        }
    }

    static void say(String format, Object... args) {
        System.out.println("[suite] " + format.formatted(args));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private Suite() {
    }
}
