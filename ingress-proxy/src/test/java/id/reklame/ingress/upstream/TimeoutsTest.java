package id.reklame.ingress.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/**
 * Each route's own connect and response timeouts: a service that is too slow is a 504 problem document for the
 * caller, while the same slowness is fine on a route that allows for it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=ingress-proxy", "reklame.ingress.upstreams.command.response-timeout=300ms",
                "reklame.ingress.upstreams.query.response-timeout=5s",
                "reklame.ingress.upstreams.worker.connect-timeout=300ms",
                "reklame.ingress.resilience.retry.max-attempts=1", "reklame.ingress.edge.rate-limit.enabled=false" })
class TimeoutsTest {

    static final RecordingUpstream SLOW = new RecordingUpstream("slow");

    /** Listens but never accepts, with its backlog full: connecting to it hangs until the caller gives up. */
    static final Blackhole BLACKHOLE = new Blackhole();

    @LocalServerPort
    int port;

    IngressClient ingress;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("reklame.ingress.upstreams.command.instances", SLOW::baseUrl);
        registry.add("reklame.ingress.upstreams.query.instances", SLOW::baseUrl);
        registry.add("reklame.ingress.upstreams.worker.instances", BLACKHOLE::baseUrl);
    }

    @AfterAll
    static void stopUpstreams() throws IOException {
        SLOW.close();
        BLACKHOLE.close();
    }

    @BeforeEach
    void setUp() {
        SLOW.reset();
        SLOW.respondWith((exchange, request) -> {
            // a command waits 5 s, far beyond its route's 300 ms; a read 1 s, well within its route's 5 s
            Thread.sleep(request.path().startsWith("/api/v1/applications") ? 5_000 : 1_000);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            RecordingUpstream.send(exchange, 202, "{\"slow\":true}".getBytes(StandardCharsets.UTF_8));
        });
        this.ingress = new IngressClient(this.port);
    }

    @Test
    void aServiceSlowerThanItsRoutesResponseTimeoutIsAGatewayTimeoutProblem() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/applications")
            .POST(BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json")
            .header("Accept", "text/html"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(assertProblem(response, 504)).contains("reklame-command").contains("did not answer in time");
        assertThat(tookMillis).as("answered when the route's 300 ms ran out, not when the service did")
            .isLessThan(3_000);
        assertThat(SLOW.takeRequest().path()).isEqualTo("/api/v1/applications");
    }

    @Test
    void theSameSlownessIsFineOnARouteThatAllowsForIt() throws Exception {
        HttpResponse<String> response = this.ingress.get("/api/v1/stats");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"slow\":true}");
    }

    @Test
    void aServiceThatCannotBeConnectedToInTimeIsAGatewayTimeoutProblem() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = this.ingress.send(this.ingress.request("/api/v1/tax-estimates")
            .POST(BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(assertProblem(response, 504)).contains("permit-worker").doesNotContain("127.0.0.1");
        assertThat(tookMillis).isBetween(250L, 3_000L);
    }

    static final class Blackhole implements AutoCloseable {

        private final ServerSocket server;

        private final List<Socket> queued = new ArrayList<>();

        Blackhole() {
            try {
                this.server = new ServerSocket();
                this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                // fill the accept queue: further connection attempts get no answer at all
                for (int i = 0; i < 8; i++) {
                    Socket socket = new Socket();
                    try {
                        socket.connect(this.server.getLocalSocketAddress(), 200);
                        this.queued.add(socket);
                    }
                    catch (IOException full) {
                        socket.close();
                        break;
                    }
                }
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + this.server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : this.queued) {
                socket.close();
            }
            this.server.close();
        }

    }

}
