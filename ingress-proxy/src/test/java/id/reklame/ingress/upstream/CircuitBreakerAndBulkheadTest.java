package id.reklame.ingress.upstream;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import id.reklame.ingress.IngressClient;
import id.reklame.ingress.RecordingUpstream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static id.reklame.ingress.IngressClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A circuit breaker per service stops calling it while it keeps failing, and a bulkhead bounds the calls in flight to
 * it; both answer 503 problem documents, and both show their state in the Prometheus metrics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=ingress-proxy", "management.server.port=0",
                "reklame.ingress.resilience.circuit-breaker.sliding-window-calls=4",
                "reklame.ingress.resilience.circuit-breaker.minimum-calls=4",
                "reklame.ingress.resilience.circuit-breaker.failure-rate-percent=50",
                "reklame.ingress.resilience.circuit-breaker.open-for=3s",
                "reklame.ingress.resilience.circuit-breaker.half-open-calls=1",
                "reklame.ingress.upstreams.query.max-concurrent-calls=2",
                "reklame.ingress.upstreams.query.response-timeout=20s",
                "reklame.ingress.edge.rate-limit.enabled=false" })
class CircuitBreakerAndBulkheadTest {

    static final RecordingUpstream COMMAND = new RecordingUpstream("reklame-command");

    static final RecordingUpstream QUERY = new RecordingUpstream("reklame-query");

    static final RecordingUpstream WORKER = new RecordingUpstream("permit-worker");

    static final List<RecordingUpstream> ALL = List.of(COMMAND, QUERY, WORKER);

    @LocalServerPort
    int port;

    /** Metrics on a management port of their own: the public port does not show them. */
    @LocalManagementPort
    int managementPort;

    IngressClient ingress;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("reklame.ingress.upstreams.command.instances", COMMAND::baseUrl);
        registry.add("reklame.ingress.upstreams.query.instances", QUERY::baseUrl);
        registry.add("reklame.ingress.upstreams.worker.instances", WORKER::baseUrl);
    }

    @AfterAll
    static void stopUpstreams() {
        ALL.forEach(RecordingUpstream::close);
    }

    @BeforeEach
    void setUp() {
        ALL.forEach(RecordingUpstream::reset);
        this.ingress = new IngressClient(this.port);
    }

    @Test
    void aServiceThatKeepsFailingIsNoLongerCalledUntilItIsTriedAgain() throws Exception {
        COMMAND.replyWith(503, Map.of("Content-Type", "text/plain"), "overloaded");
        for (int i = 0; i < 4; i++) {
            assertThat(submit().statusCode()).isEqualTo(503);
        }
        assertThat(COMMAND.requestCount()).isEqualTo(4);

        HttpResponse<String> refused = submit();

        assertThat(assertProblem(refused, 503)).contains("reklame-command").contains("paused");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(COMMAND.requestCount()).as("not called while the circuit is open").isEqualTo(4);
        assertThat(metrics()).contains("resilience4j_circuitbreaker_state{name=\"reklame-command\",state=\"open\"} 1.0");

        COMMAND.reset();
        Thread.sleep(3_100);
        assertThat(submit().statusCode()).as("a trial call once open-for has passed").isEqualTo(200);
        assertThat(metrics()).contains("resilience4j_circuitbreaker_state{name=\"reklame-command\",state=\"closed\"} 1.0");
        assertThat(submit().statusCode()).isEqualTo(200);
    }

    @Test
    void callsBeyondTheBulkheadAreRefusedWhileItsPlacesAreHeldToTheLastByteOfEachAnswer() throws Exception {
        CountDownLatch headersSent = new CountDownLatch(2);
        CountDownLatch finish = new CountDownLatch(1);
        // two answers that start at once (more than fills the ingress's output buffer) but take their time to end
        byte[] part = new byte[64 * 1024];
        QUERY.respondWith((exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 2L * part.length);
            OutputStream body = exchange.getResponseBody();
            body.write(part);
            body.flush();
            headersSent.countDown();
            finish.await(20, TimeUnit.SECONDS);
            body.write(part);
            body.close();
        });
        CompletableFuture<HttpResponse<InputStream>> first = this.ingress.http()
            .sendAsync(this.ingress.request("/api/v1/stats").GET().build(), BodyHandlers.ofInputStream());
        CompletableFuture<HttpResponse<InputStream>> second = this.ingress.http()
            .sendAsync(this.ingress.request("/api/v1/stats").GET().build(), BodyHandlers.ofInputStream());
        assertThat(headersSent.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        HttpResponse<String> third = this.ingress.get("/api/v1/stats");

        assertThat(assertProblem(third, 503)).contains("reklame-query").contains("busy");
        assertThat(QUERY.requestCount()).isEqualTo(2);
        assertThat(metrics()).contains("resilience4j_bulkhead_available_concurrent_calls{name=\"reklame-query\"} 0.0");

        finish.countDown();
        for (CompletableFuture<HttpResponse<InputStream>> answer : List.of(first, second)) {
            try (InputStream body = answer.get().body()) {
                assertThat(body.readAllBytes()).hasSize(2 * part.length);
            }
        }
        QUERY.reset();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(this.ingress.get("/api/v1/stats").statusCode()).isEqualTo(200));
        // a place is given back once the last byte has left the server, which may trail the client's read
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics())
                .contains("resilience4j_bulkhead_available_concurrent_calls{name=\"reklame-query\"} 2.0"));
    }

    private HttpResponse<String> submit() throws Exception {
        return this.ingress.send(this.ingress.request("/api/v1/applications")
            .POST(BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json"));
    }

    private String metrics() throws Exception {
        return new IngressClient(this.managementPort).get("/actuator/prometheus").body();
    }

}
