package id.reklame.ingress.edge;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import id.reklame.ingress.IngressClient;
import id.reklame.ingress.RecordingUpstream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static id.reklame.ingress.IngressClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies over the limit (1 MiB unless configured) are a 413 problem, however they are sent. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingress-proxy")
class RequestBodyLimitTest {

    static final int MIB = 1024 * 1024;

    static final RecordingUpstream COMMAND = new RecordingUpstream("reklame-command");

    static final RecordingUpstream OTHER = new RecordingUpstream("other");

    @LocalServerPort
    int port;

    IngressClient ingress;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("reklame.ingress.upstreams.command.instances", COMMAND::baseUrl);
        registry.add("reklame.ingress.upstreams.query.instances", OTHER::baseUrl);
        registry.add("reklame.ingress.upstreams.worker.instances", OTHER::baseUrl);
    }

    @AfterAll
    static void stopUpstreams() {
        List.of(COMMAND, OTHER).forEach(RecordingUpstream::close);
    }

    @BeforeEach
    void setUp() {
        COMMAND.reset();
        this.ingress = new IngressClient(this.port);
    }

    @Test
    void aBodyOfExactlyTheLimitIsForwarded() throws Exception {
        HttpResponse<String> response = post(BodyPublishers.ofByteArray(body(MIB)), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(COMMAND.takeRequest().body()).hasSize(MIB);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnythingIsForwarded() throws Exception {
        HttpResponse<String> response = post(BodyPublishers.ofByteArray(body(MIB + 1)), null);

        assertThat(assertProblem(response, 413)).contains(String.valueOf(MIB));
        assertThat(COMMAND.receivedAnythingWithin(Duration.ofMillis(200))).isFalse();
    }

    @Test
    void aStreamedBodyIsCutOffOnceItPassesTheLimit() throws Exception {
        // no Content-Length: the JDK client sends it chunked
        HttpResponse<String> response = post(
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body(2 * MIB))), null);

        assertThat(assertProblem(response, 413)).contains(String.valueOf(MIB));
    }

    @Test
    void aStreamedBodyOverTheLimitIsRefusedBeforeForwardingWhenItWouldBeKeptForRetries() throws Exception {
        HttpResponse<String> response = post(
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body(2 * MIB))), "key-1");

        assertProblem(response, 413);
        assertThat(COMMAND.receivedAnythingWithin(Duration.ofMillis(200))).isFalse();
    }

    private HttpResponse<String> post(java.net.http.HttpRequest.BodyPublisher body, String idempotencyKey)
            throws Exception {
        var request = this.ingress.request("/api/v1/applications").POST(body).header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return this.ingress.send(request);
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

}
