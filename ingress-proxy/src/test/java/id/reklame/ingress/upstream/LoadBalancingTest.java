package id.reklame.ingress.upstream;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances per service: calls take turns among them, an instance that fails is left out for a while and
 * tried again afterwards, and readiness says whether every service still has an instance to call.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=ingress-proxy", "management.server.port=0", "reklame.ingress.resilience.passive-health.fail-timeout=3s",
                "reklame.ingress.resilience.retry.first-backoff=10ms",
                "reklame.ingress.resilience.circuit-breaker.minimum-calls=1000",
                "reklame.ingress.edge.rate-limit.enabled=false" })
class LoadBalancingTest {

    static final RecordingUpstream QUERY_1 = new RecordingUpstream("reklame-query-1");

    static final RecordingUpstream QUERY_2 = new RecordingUpstream("reklame-query-2");

    static final RecordingUpstream QUERY_3 = new RecordingUpstream("reklame-query-3");

    static final RecordingUpstream WORKER = new RecordingUpstream("permit-worker");

    static final RecordingUpstream COMMAND = new RecordingUpstream("reklame-command");

    static final List<RecordingUpstream> ALL = List.of(QUERY_1, QUERY_2, QUERY_3, WORKER, COMMAND);

    @LocalServerPort
    int port;

    /** Metrics and probes on a management port of their own, as deployments expose them (MANAGEMENT_SERVER_PORT). */
    @LocalManagementPort
    int managementPort;

    IngressClient ingress;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("reklame.ingress.upstreams.query.instances",
                () -> QUERY_1.baseUrl() + ", " + QUERY_2.baseUrl() + "," + QUERY_3.baseUrl());
        registry.add("reklame.ingress.upstreams.worker.instances", WORKER::baseUrl);
        registry.add("reklame.ingress.upstreams.command.instances", COMMAND::baseUrl);
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
    void callsTakeTurnsAmongTheInstances() throws Exception {
        for (int i = 0; i < 12; i++) {
            assertThat(this.ingress.get("/api/v1/applications/A-" + i).statusCode()).isEqualTo(200);
        }

        assertThat(List.of(QUERY_1.requestCount(), QUERY_2.requestCount(), QUERY_3.requestCount()))
            .containsExactly(4, 4, 4);
    }

    @Test
    void aFailingInstanceIsLeftOutForAWhileAndTriedAgainLater() throws Exception {
        QUERY_2.replyWith(503, Map.of("Content-Type", "text/plain"), "overloaded");

        // every caller is answered: the read that met the failing instance is retried on another one
        for (int i = 0; i < 9; i++) {
            assertThat(this.ingress.get("/api/v1/stats").statusCode()).isEqualTo(200);
        }
        assertThat(QUERY_2.requestCount()).as("left out after its first failure").isEqualTo(1);
        assertThat(QUERY_1.requestCount() + QUERY_3.requestCount()).isEqualTo(9);

        QUERY_2.reset();
        Thread.sleep(3_100);
        for (int i = 0; i < 6; i++) {
            assertThat(this.ingress.get("/api/v1/stats").statusCode()).isEqualTo(200);
        }
        assertThat(QUERY_2.requestCount()).as("back in turn once the fail timeout passed").isEqualTo(2);
    }

    @Test
    void anInstanceThatRefusesConnectionsIsLeftOutAndCallersDoNotNotice() throws Exception {
        QUERY_3.stop();
        try {
            for (int i = 0; i < 9; i++) {
                assertThat(this.ingress.get("/api/v1/stats").statusCode()).isEqualTo(200);
            }
            assertThat(QUERY_1.requestCount() + QUERY_2.requestCount()).isEqualTo(9);
            assertThat(readiness()).isEqualTo("UP");
        }
        finally {
            QUERY_3.start();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            this.ingress.get("/api/v1/stats");
            assertThat(QUERY_3.requestCount()).isPositive();
        });
    }

    @Test
    void readinessIsDownWhileAServiceHasNoInstanceLeftAndUpAgainAfterwards() throws Exception {
        assertThat(readiness()).isEqualTo("UP");
        WORKER.replyWith(503, Map.of("Content-Type", "text/plain"), "overloaded");

        HttpResponse<String> estimate = this.ingress.send(this.ingress.request("/api/v1/tax-estimates")
            .POST(BodyPublishers.ofString("{}", StandardCharsets.UTF_8))
            .header("Content-Type", "application/json"));

        assertThat(estimate.statusCode()).as("the instance's own answer passes through").isEqualTo(503);
        assertThat(estimate.body()).isEqualTo("overloaded");
        HttpResponse<String> probe = new IngressClient(this.managementPort).get("/actuator/health/readiness");
        assertThat(probe.statusCode()).isEqualTo(503);
        assertThat(JsonPath.<String>read(probe.body(), "$.status")).isEqualTo("DOWN");
        assertThat(new IngressClient(this.managementPort).get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        WORKER.reset();
        await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(readiness()));
    }

    @Test
    void instanceHealthIsPublishedAsMetrics() throws Exception {
        String metrics = new IngressClient(this.managementPort).get("/actuator/prometheus").body();

        assertThat(metrics).contains("reklame_ingress_upstream_instance_live{instance=\"" + QUERY_1.baseUrl()
                + "\",upstream=\"reklame-query\"} 1.0");
    }

    private String readiness() throws Exception {
        return JsonPath.read(new IngressClient(this.managementPort).get("/actuator/health/readiness").body(), "$.status");
    }

}
