package id.reklame.ingress.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import id.reklame.ingress.IngressClient;
import id.reklame.ingress.RecordingUpstream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static id.reklame.ingress.IngressClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries only where repeating a request is harmless: reads, and a POST that carries an {@code Idempotency-Key}.
 * Never a plain POST or a PUT. Bounded, with growing pauses between attempts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=ingress-proxy", "reklame.ingress.resilience.retry.max-attempts=3",
                "reklame.ingress.resilience.retry.first-backoff=100ms",
                "reklame.ingress.resilience.retry.max-backoff=400ms",
                "reklame.ingress.resilience.circuit-breaker.minimum-calls=1000",
                "reklame.ingress.edge.rate-limit.enabled=false" })
class RetriesTest {

    static final String APPLICATION = "{\"applicant\":{\"name\":\"PT Maju Jaya\"}}";

    static final RecordingUpstream COMMAND = new RecordingUpstream("reklame-command");

    static final RecordingUpstream QUERY = new RecordingUpstream("reklame-query");

    /** Accepts connections and closes them without a word: every call to it breaks off. */
    static final Hangup WORKER = new Hangup();

    static final List<Long> arrivals = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    IngressClient ingress;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("reklame.ingress.upstreams.command.instances", COMMAND::baseUrl);
        registry.add("reklame.ingress.upstreams.query.instances", QUERY::baseUrl);
        registry.add("reklame.ingress.upstreams.worker.instances", WORKER::baseUrl);
    }

    @AfterAll
    static void stopUpstreams() throws IOException {
        COMMAND.close();
        QUERY.close();
        WORKER.close();
    }

    @BeforeEach
    void setUp() {
        COMMAND.reset();
        QUERY.reset();
        WORKER.accepted.set(0);
        arrivals.clear();
        this.ingress = new IngressClient(this.port);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "GET", "HEAD" })
    void aReadIsRetriedUntilItSucceeds(String method) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        QUERY.respondWith((exchange, request) -> {
            int status = calls.incrementAndGet() < 3 ? 503 : 200;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            RecordingUpstream.send(exchange, status, ("{\"attempt\":" + calls.get() + "}").getBytes(StandardCharsets.UTF_8));
        });

        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/applications/A-1")
            .method(method, BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(QUERY.requestCount()).isEqualTo(3);
        if (method.equals("GET")) {
            assertThat(response.body()).isEqualTo("{\"attempt\":3}");
        }
    }

    @Test
    void retriesAreBoundedAndPauseLongerEachTime() throws Exception {
        QUERY.respondWith((exchange, request) -> {
            arrivals.add(System.nanoTime());
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            RecordingUpstream.send(exchange, 503, "still overloaded".getBytes(StandardCharsets.UTF_8));
        });

        HttpResponse<String> response = this.ingress.get("/api/v1/stats");

        assertThat(response.statusCode()).as("the service's last answer is passed on").isEqualTo(503);
        assertThat(response.body()).isEqualTo("still overloaded");
        assertThat(QUERY.requestCount()).isEqualTo(3);
        // first pause 100 ms and the second 200 ms, each +-50 % jitter (only the lower bounds are firm on a busy machine)
        assertThat(millisBetween(0, 1)).isGreaterThanOrEqualTo(45L);
        assertThat(millisBetween(1, 2)).isGreaterThanOrEqualTo(95L);
    }

    @Test
    void aPlainPostIsNeverRepeated() throws Exception {
        COMMAND.replyWith(503, Map.of("Content-Type", "text/plain"), "overloaded");

        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/applications")
            .POST(BodyPublishers.ofString(APPLICATION))
            .header("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(COMMAND.requestCount()).isEqualTo(1);
    }

    @Test
    void aPutIsNeverRepeatedEvenWithAnIdempotencyKey() throws Exception {
        COMMAND.replyWith(503, Map.of("Content-Type", "text/plain"), "overloaded");

        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/applications/A-1")
            .PUT(BodyPublishers.ofString(APPLICATION))
            .header("Content-Type", "application/json")
            .header("If-Match", "\"1\"")
            .header("Idempotency-Key", "0b6f3c2e-9f1e-4b7a-8f67-4cf4a9d0f4f1"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(COMMAND.requestCount()).isEqualTo(1);
    }

    @Test
    void aPostWithAnIdempotencyKeyIsRepeatedWithTheSameBody() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        COMMAND.respondWith((exchange, request) -> {
            int status = calls.incrementAndGet() < 3 ? 502 : 202;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            RecordingUpstream.send(exchange, status, "{\"applicationId\":\"A-1\"}".getBytes(StandardCharsets.UTF_8));
        });

        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/applications")
            .POST(BodyPublishers.ofString(APPLICATION))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "6f1c3c0e-6a2b-4d1e-9a51-2b8f0b7d9f10"));

        assertThat(response.statusCode()).isEqualTo(202);
        for (int attempt = 1; attempt <= 3; attempt++) {
            RecordingUpstream.Received received = COMMAND.takeRequest();
            assertThat(received.body()).as("attempt %d", attempt).isEqualTo(APPLICATION);
            assertThat(received.header("Idempotency-Key")).isEqualTo("6f1c3c0e-6a2b-4d1e-9a51-2b8f0b7d9f10");
            assertThat(received.header("Content-Length")).isEqualTo(String.valueOf(APPLICATION.length()));
        }
    }

    @Test
    void aBrokenOffCallIsRetriedForAnIdempotentPostAndEndsAsBadGateway() throws Exception {
        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/tax-estimates")
            .POST(BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "k-1"));

        assertThat(assertProblem(response, 502)).contains("permit-worker");
        assertThat(WORKER.accepted).hasValue(3);
    }

    @Test
    void aBrokenOffPlainPostIsNotRetried() throws Exception {
        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/tax-estimates")
            .POST(BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json"));

        assertThat(assertProblem(response, 502)).contains("permit-worker");
        assertThat(WORKER.accepted).hasValue(1);
    }

    private static long millisBetween(int first, int second) {
        return (arrivals.get(second) - arrivals.get(first)) / 1_000_000;
    }

    static final class Hangup implements AutoCloseable {

        final AtomicInteger accepted = new AtomicInteger();

        private final ServerSocket server;

        Hangup() {
            try {
                this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            Thread.ofVirtual().start(() -> {
                while (!this.server.isClosed()) {
                    try (Socket socket = this.server.accept()) {
                        socket.getInputStream().read();
                        this.accepted.incrementAndGet();
                    }
                    catch (IOException ex) {
                        // closed
                    }
                }
            });
        }

        String baseUrl() {
            return "http://127.0.0.1:" + this.server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            this.server.close();
        }

    }

}
