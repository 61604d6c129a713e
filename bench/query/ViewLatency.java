import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency from the 202 of a submission to the view at that version, through the ingress, at a fixed
 * rate (open loop: a submission is sent every 1/rate s whatever the answers take). For each one:
 * POST /api/v1/applications, then at once GET /api/v1/applications/{id}?minVersion=<version of the 202>;
 * the latency runs from receiving the 202 to receiving the view.
 *
 *   java bench/query/ViewLatency.java <ingress base URL> [rate per s] [seconds] [warm-up seconds]
 */
public class ViewLatency {

    private static final Pattern ID = Pattern.compile("\"applicationId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    /** An applicant's bearer token, from view-latency.sh (./run-local.sh token APPLICANT). */
    private static final String BEARER = "Bearer " + System.getenv("BENCH_TOKEN");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    record Sample(boolean measured, long submitNanos, long viewNanos, String failure) {
    }

    public static void main(String[] args) throws Exception {
        String ingress = args[0];
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicLong sequence = new AtomicLong();
        var workers = Executors.newVirtualThreadPerTaskExecutor();
        var clock = Executors.newSingleThreadScheduledExecutor();
        long intervalNanos = 1_000_000_000L / rate;
        long total = (long) rate * (seconds + warmUp);
        long start = System.nanoTime();
        clock.scheduleAtFixedRate(() -> {
            long n = sequence.getAndIncrement();
            if (n >= total) {
                return;
            }
            boolean measured = n >= (long) rate * warmUp;
            workers.submit(() -> samples.add(one(http, ingress, n, measured)));
        }, 0, intervalNanos, TimeUnit.NANOSECONDS);
        while (sequence.get() < total) {
            Thread.sleep(100);
        }
        clock.shutdown();
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;

        List<Long> view = new ArrayList<>();
        List<Long> submit = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.measured()) {
                continue;
            }
            if (s.failure() != null) {
                failures.add(s.failure());
            } else {
                view.add(s.viewNanos());
                submit.add(s.submitNanos());
            }
        }
        Collections.sort(view);
        Collections.sort(submit);
        System.out.printf(Locale.ROOT, "sent %d submissions in %.1f s (%.0f/s), of which %d measured after a %d s warm-up%n",
                samples.size(), elapsed, samples.size() / elapsed, view.size() + failures.size(), warmUp);
        System.out.printf(Locale.ROOT, "202 -> view at that version: p50 %s  p90 %s  p99 %s  max %s  (n=%d)%n",
                ms(view, 0.50), ms(view, 0.90), ms(view, 0.99), ms(view, 1.0), view.size());
        System.out.printf(Locale.ROOT, "POST -> 202 (for comparison): p50 %s  p90 %s  p99 %s  max %s%n",
                ms(submit, 0.50), ms(submit, 0.90), ms(submit, 0.99), ms(submit, 1.0));
        System.out.printf("failures: %d%s%n", failures.size(), failures.isEmpty() ? "" : " e.g. " + failures.getFirst());
        System.exit(0);
    }

    private static Sample one(HttpClient http, String ingress, long n, boolean measured) {
        try {
            long sent = System.nanoTime();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(ingress + "/api/v1/applications"))
                    .header("Content-Type", "application/json").header("Authorization", BEARER).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body(n))).build(), HttpResponse.BodyHandlers.ofString());
            long acceptedAt = System.nanoTime();
            if (accepted.statusCode() != 202) {
                return new Sample(measured, 0, 0, "POST " + accepted.statusCode() + " " + accepted.body());
            }
            Matcher id = ID.matcher(accepted.body());
            Matcher version = VERSION.matcher(accepted.body());
            if (!id.find() || !version.find()) {
                return new Sample(measured, 0, 0, "no id/version in " + accepted.body());
            }
            HttpResponse<String> view = http.send(HttpRequest.newBuilder(URI.create(ingress + "/api/v1/applications/"
                    + id.group(1) + "?minVersion=" + version.group(1))).header("Authorization", BEARER)
                    .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long viewAt = System.nanoTime();
            if (view.statusCode() != 200) {
                return new Sample(measured, 0, 0, "GET " + view.statusCode() + " " + view.body());
            }
            return new Sample(measured, acceptedAt - sent, viewAt - acceptedAt, null);
        } catch (Exception e) {
            return new Sample(measured, 0, 0, e.toString());
        }
    }

    private static String body(long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return """
                {"applicant": {"name": "PT Bench %d", "idNumber": "3578012345670001", "email": "bench@example.co.id",
                               "phone": "+6281234567890"},
                 "reklame": {"type": "BILLBOARD", "content": "Bench %d", "productCategory": "GENERAL",
                             "placement": "OUTDOOR", "widthM": 2, "heightM": 4, "sides": 1, "units": 1},
                 "location": {"address": "Jl. Bench %d", "district": "Tegalsari", "roadClass": "PROTOCOL",
                              "latitude": %.6f, "longitude": %.6f},
                 "period": {"startDate": "2099-01-01", "endDate": "2099-01-30"}}"""
                .formatted(n, n, n, -7.20 - random.nextDouble() * 0.05, 112.70 + random.nextDouble() * 0.05);
    }

    private static String ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return String.format(Locale.ROOT, "%.1f ms", sorted.get(Math.max(0, index)) / 1e6);
    }
}
