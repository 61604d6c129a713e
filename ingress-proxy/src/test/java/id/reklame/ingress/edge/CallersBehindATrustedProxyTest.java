package id.reklame.ingress.edge;

import id.reklame.testsupport.TestTokens;

import java.net.http.HttpResponse;
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
 * The ingress behind a load balancer it trusts (here: whatever connects from 127.0.0.1): the balancer's
 * {@code X-Forwarded-*} headers are believed and appended to, and each caller it names has its own rate limit.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=ingress-proxy", "reklame.ingress.edge.rate-limit.burst=3",
                "reklame.ingress.edge.rate-limit.requests-per-second=0.1" })
class CallersBehindATrustedProxyTest {

    static final RecordingUpstream QUERY = new RecordingUpstream("reklame-query");

    static final RecordingUpstream OTHER = new RecordingUpstream("other");

    @LocalServerPort
    int port;

    IngressClient ingress;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("reklame.ingress.upstreams.query.instances", QUERY::baseUrl);
        registry.add("reklame.ingress.upstreams.command.instances", OTHER::baseUrl);
        registry.add("reklame.ingress.upstreams.worker.instances", OTHER::baseUrl);
        // here, not in properties: their format would take the backslashes as escapes
        registry.add("reklame.ingress.edge.trusted-proxies", () -> "127\\.0\\.0\\.1|10\\.0\\.0\\.\\d+");
    }

    @AfterAll
    static void stopUpstreams() {
        QUERY.close();
        OTHER.close();
    }

    @BeforeEach
    void setUp() {
        QUERY.reset();
        this.ingress = new IngressClient(this.port);
    }

    @Test
    void forwardedHeadersFromATrustedProxyAreKeptAndItsAddressAppended() throws Exception {
        this.ingress.send(this.ingress.anonymous(PUBLIC)
            .GET()
            .header("X-Forwarded-For", "203.0.113.9, 10.0.0.7")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.reklame.example"));

        RecordingUpstream.Received received = QUERY.takeRequest();
        assertThat(received.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 10.0.0.7, 127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("api.reklame.example");
    }

    @Test
    void eachCallerHasItsOwnAllowanceAndIsToldWhenToComeBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(readAs("198.51.100.23").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = readAs("198.51.100.23");

        assertThat(assertProblem(refused, 429)).contains("Too many requests");
        // one request's worth of allowance comes back every 10 s, some of which has passed already
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(5, 10);
        assertThat(QUERY.requestCount()).as("a refused request goes no further").isEqualTo(3);
        assertThat(readAs("198.51.100.99").statusCode()).as("another caller is not affected").isEqualTo(200);
        // the address the trusted proxy vouches for counts, not the proxy's own
        assertThat(readAs("198.51.100.23, 10.0.0.8").statusCode()).isEqualTo(429);
    }

    @Test
    void anUntrustedHopInTheChainIsTheCallerEvenIfItClaimsToForwardForSomeoneElse() throws Exception {
        List<String> claimed = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
        int answered = 0;
        for (String spoofed : claimed) {
            // 192.0.2.50 is not a trusted proxy, so whatever it says before itself is not believed
            if (readAs(spoofed + ", 192.0.2.50").statusCode() == 200) {
                answered++;
            }
        }

        assertThat(answered).as("all four count against 192.0.2.50").isEqualTo(3);
    }

    @Test
    void anAuthenticatedCallerIsCountedByItsSubjectWhateverItsAddress() throws Exception {
        for (String address : List.of("198.51.100.40", "198.51.100.41", "198.51.100.42")) {
            assertThat(readAs("officer-40", address).statusCode()).isEqualTo(200);
        }

        assertThat(readAs("officer-40", "198.51.100.43").statusCode()).as("a new address is the same caller")
            .isEqualTo(429);
        assertThat(readAs("officer-41", "198.51.100.40").statusCode()).as("another subject from the same address")
            .isEqualTo(200);
    }

    /** Permit verification needs no token: an anonymous caller is known by its address. */
    private static final String PUBLIC = "/api/v1/permits/IPR-RKL/2027/000001";

    private HttpResponse<String> readAs(String forwardedFor) throws Exception {
        return this.ingress.send(this.ingress.anonymous(PUBLIC).GET().header("X-Forwarded-For", forwardedFor));
    }

    private HttpResponse<String> readAs(String subject, String forwardedFor) throws Exception {
        return this.ingress.send(this.ingress.request("/api/v1/stats").GET()
            .setHeader("Authorization", TestTokens.bearer("OFFICER", subject))
            .header("X-Forwarded-For", forwardedFor));
    }

}
