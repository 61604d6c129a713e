import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
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
 * <p>The client shares the machine's cores with the system it measures, so it is a plain HTTP/1.1 client over
 * kept-alive sockets on virtual threads: the JDK's {@code HttpClient} spent about 1.3 ms of CPU per submission
 * here, several times what a blocking write and read cost. It prints its own CPU per submission.
 *
 *   java bench/query/ViewLatency.java <ingress base URL> [rate per s] [seconds] [warm-up seconds]
 */
public class ViewLatency {

    private static final Pattern ID = Pattern.compile("\"applicationId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    /** An applicant's bearer token, from view-latency.sh (./run-local.sh token APPLICANT). */
    private static final String BEARER = "Bearer " + System.getenv("BENCH_TOKEN");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    record Sample(boolean measured, long sentAt, long submitNanos, long viewNanos, String failure) {
    }

    public static void main(String[] args) throws Exception {
        String ingress = args[0];
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Http http = new Http(URI.create(ingress));
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicLong sequence = new AtomicLong();
        var workers = Executors.newVirtualThreadPerTaskExecutor();
        var clock = Executors.newSingleThreadScheduledExecutor();
        long intervalNanos = 1_000_000_000L / rate;
        long total = (long) rate * (seconds + warmUp);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuAtStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        clock.scheduleAtFixedRate(() -> {
            long n = sequence.getAndIncrement();
            if (n >= total) {
                return;
            }
            boolean measured = n >= (long) rate * warmUp;
            workers.submit(() -> samples.add(one(http, n, measured)));
        }, 0, intervalNanos, TimeUnit.NANOSECONDS);
        while (sequence.get() < total) {
            Thread.sleep(100);
        }
        clock.shutdown();
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double clientCpuMs = (os.getProcessCpuTime() - cpuAtStart) / 1e6;

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
        if (System.getenv("TIMELINE") != null) {
            timeline(samples, start);
        }
        System.out.printf(Locale.ROOT, "load client: %.2f ms CPU per submission while sending%n", clientCpuMs / samples.size());
        System.out.printf("failures: %d%s%n", failures.size(), failures.isEmpty() ? "" : " e.g. " + failures.getFirst());
        System.exit(0);
    }

    private static Sample one(Http http, long n, boolean measured) {
        try {
            long sent = System.nanoTime();
            Http.Response accepted = http.exchange("POST", "/api/v1/applications", body(n));
            long acceptedAt = System.nanoTime();
            if (accepted.status() != 202) {
                return new Sample(measured, 0, 0, 0, "POST " + accepted.status() + " " + accepted.body());
            }
            Matcher id = ID.matcher(accepted.body());
            Matcher version = VERSION.matcher(accepted.body());
            if (!id.find() || !version.find()) {
                return new Sample(measured, 0, 0, 0, "no id/version in " + accepted.body());
            }
            Http.Response view = http.exchange("GET", "/api/v1/applications/" + id.group(1) + "?minVersion=" + version.group(1), null);
            long viewAt = System.nanoTime();
            if (view.status() != 200) {
                return new Sample(measured, 0, 0, 0, "GET " + view.status() + " " + view.body());
            }
            return new Sample(measured, sent, acceptedAt - sent, viewAt - acceptedAt, null);
        } catch (Exception e) {
            return new Sample(measured, 0, 0, 0, e.toString());
        }
    }

    /**
     * HTTP/1.1 over a pool of kept-alive connections, one exchange at a time on each; answers with a
     * Content-Length or chunked body. A connection the server closes, or one that fails, is not reused.
     */
    static final class Http {

        record Response(int status, String body) {
        }

        private final InetSocketAddress address;
        private final String host;
        private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

        Http(URI base) {
            this.address = new InetSocketAddress(base.getHost(), base.getPort());
            this.host = base.getHost() + ":" + base.getPort();
        }

        Response exchange(String method, String path, String json) throws IOException {
            Connection connection = idle.pollFirst();
            if (connection == null) {
                connection = new Connection(address);
            }
            try {
                Response response = connection.exchange(request(method, path, json));
                if (connection.open) {
                    idle.addFirst(connection);
                } else {
                    connection.socket.close();
                }
                return response;
            } catch (IOException | RuntimeException e) {
                connection.socket.close();
                throw e;
            }
        }

        private byte[] request(String method, String path, String json) {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append("\r\n")
                    .append("Authorization: ").append(BEARER).append("\r\n");
            if (json != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            return request;
        }

        static final class Connection {
            final Socket socket;
            final InputStream in;
            final OutputStream out;
            boolean open = true;

            Connection(InetSocketAddress address) throws IOException {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(address, 5_000);
                socket.setSoTimeout(10_000);
                in = new BufferedInputStream(socket.getInputStream(), 16_384);
                out = socket.getOutputStream();
            }

            Response exchange(byte[] request) throws IOException {
                out.write(request);
                out.flush();
                String statusLine = line();
                if (!statusLine.startsWith("HTTP/1.1 ")) {
                    throw new IOException("not an HTTP/1.1 answer: " + statusLine);
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                for (String header = line(); !header.isEmpty(); header = line()) {
                    int colon = header.indexOf(':');
                    String name = header.substring(0, colon).trim();
                    String value = header.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = value.equalsIgnoreCase("chunked");
                    } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                        open = false;
                    }
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
                if (chunked) {
                    for (int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16); size > 0;
                            size = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) {
                        body.write(in.readNBytes(size));
                        line();
                    }
                    while (!line().isEmpty()) {
                        // trailers, none expected
                    }
                } else if (length >= 0) {
                    body.write(in.readNBytes((int) length));
                } else {
                    throw new IOException("an answer with neither Content-Length nor chunked body");
                }
                return new Response(status, body.toString(StandardCharsets.UTF_8));
            }

            private String line() throws IOException {
                StringBuilder line = new StringBuilder(64);
                for (int c = in.read(); c != '\n'; c = in.read()) {
                    if (c < 0) {
                        throw new IOException("connection closed mid-answer");
                    }
                    if (c != '\r') {
                        line.append((char) c);
                    }
                }
                return line.toString();
            }
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

    /** With TIMELINE set: 202 -> view per 5 s of sending, to see whether slow answers come together. */
    private static void timeline(ConcurrentLinkedQueue<Sample> samples, long start) {
        java.util.TreeMap<Long, List<Long>> byWindow = new java.util.TreeMap<>();
        for (Sample s : samples) {
            if (s.measured() && s.failure() == null) {
                byWindow.computeIfAbsent((s.sentAt() - start) / 5_000_000_000L, k -> new ArrayList<>()).add(s.viewNanos());
            }
        }
        byWindow.forEach((window, views) -> {
            Collections.sort(views);
            System.out.printf(Locale.ROOT, "  %3d-%3d s: p50 %s  p99 %s  max %s%n", window * 5, window * 5 + 5,
                    ms(views, 0.50), ms(views, 0.99), ms(views, 1.0));
        });
    }

    private static String ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return String.format(Locale.ROOT, "%.1f ms", sorted.get(Math.max(0, index)) / 1e6);
    }
}
