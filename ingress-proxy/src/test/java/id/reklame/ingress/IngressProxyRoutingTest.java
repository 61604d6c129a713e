package id.reklame.ingress;

import id.reklame.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The ingress in front of three real HTTP servers standing in for reklame-command, reklame-query and permit-worker:
 * every route must reach the right one with the request intact and bring its answer back intact.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingress-proxy")
@ExtendWith(OutputCaptureExtension.class)
class IngressProxyRoutingTest {

    static final RecordingUpstream COMMAND = new RecordingUpstream("reklame-command");

    static final RecordingUpstream QUERY = new RecordingUpstream("reklame-query");

    static final RecordingUpstream WORKER = new RecordingUpstream("permit-worker");

    static final List<RecordingUpstream> ALL = List.of(COMMAND, QUERY, WORKER);

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    static final String APPLICATION_JSON = """
            {"applicant":{"name":"PT Maju Jaya","idNumber":"3578012345670001"},\
            "reklame":{"type":"BILLBOARD","widthM":4,"heightM":8},\
            "period":{"startDate":"2027-01-01","endDate":"2027-12-31"}}""";

    final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    @LocalServerPort
    int port;

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
    void resetUpstreams() {
        ALL.forEach(RecordingUpstream::reset);
    }

    static Stream<Arguments> commands() {
        return Stream.of(arguments("POST", "/api/v1/applications"), arguments("PUT", "/api/v1/applications/A-1"),
                arguments("POST", "/api/v1/applications/A-1/withdrawal"),
                arguments("POST", "/api/v1/applications/A-1/payments"),
                arguments("POST", "/api/v1/applications/A-1/renewal"));
    }

    @ParameterizedTest(name = "{0} {1} -> reklame-command")
    @MethodSource("commands")
    void commandsReachReklameCommandIntact(String method, String path) throws Exception {
        HttpResponse<String> response = send(request(path + "?dryRun=false&note=Jl.%20Raya%20Darmo")
            .method(method, BodyPublishers.ofString(APPLICATION_JSON))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Idempotency-Key", "6f1c3c0e-6a2b-4d1e-9a51-2b8f0b7d9f10")
            .header("If-Match", "\"3\"")
            .header("X-Request-Id", "req-" + method + path.length())
            .header("traceparent", TRACEPARENT));

        RecordingUpstream.Received received = COMMAND.takeRequest();
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.path()).isEqualTo(path);
        assertThat(received.queryParams())
            .isEqualTo(Map.of("dryRun", List.of("false"), "note", List.of("Jl. Raya Darmo")));
        assertThat(received.body()).isEqualTo(APPLICATION_JSON);
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.header("Accept")).isEqualTo("application/json");
        assertThat(received.header("Idempotency-Key")).isEqualTo("6f1c3c0e-6a2b-4d1e-9a51-2b8f0b7d9f10");
        assertThat(received.header("If-Match")).isEqualTo("\"3\"");
        assertThat(received.header("X-Request-Id")).isEqualTo("req-" + method + path.length());
        assertThat(received.header("traceparent")).isEqualTo(TRACEPARENT);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"upstream\":\"reklame-command\"}");
        assertNothingReached(QUERY, WORKER);
    }

    static Stream<Arguments> reads() {
        return Stream.of(
                arguments("GET", "/api/v1/applications",
                        "status=SUBMITTED&status=ASSESSED&district=Tegal%20Sari&q=Kopi+Nusantara&sort=updatedAt,desc&page=0"),
                arguments("GET", "/api/v1/applications/A-1", "minVersion=3"),
                arguments("GET", "/api/v1/applications/A-1/history", null),
                arguments("GET", "/api/v1/permits/IR-2027-000123", null), arguments("GET", "/api/v1/stats", null),
                arguments("HEAD", "/api/v1/applications/A-1", null), arguments("HEAD", "/api/v1/applications", null));
    }

    @ParameterizedTest(name = "{0} {1}?{2} -> reklame-query")
    @MethodSource("reads")
    void readsReachReklameQueryIntact(String method, String path, String query) throws Exception {
        QUERY.replyWith(200, Map.of("Content-Type", "application/json", "ETag", "\"7\""), "{\"version\":7}");

        HttpResponse<String> response = send(request(query == null ? path : path + "?" + query)
            .method(method, BodyPublishers.noBody())
            .header("Accept", "application/json")
            .header("If-None-Match", "\"6\"")
            .header("X-Request-Id", "read-1")
            .header("traceparent", TRACEPARENT));

        RecordingUpstream.Received received = QUERY.takeRequest();
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.path()).isEqualTo(path);
        // the gateway re-encodes the query from the decoded parameters: same parameters, not necessarily same bytes
        assertThat(received.queryParams()).isEqualTo(decodedQuery(query));
        assertThat(received.body()).isEmpty();
        assertThat(received.header("If-None-Match")).isEqualTo("\"6\"");
        assertThat(received.header("X-Request-Id")).isEqualTo("read-1");
        assertThat(received.header("traceparent")).isEqualTo(TRACEPARENT);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"7\"");
        assertThat(response.body()).isEqualTo("HEAD".equals(method) ? "" : "{\"version\":7}");
        assertNothingReached(COMMAND, WORKER);
    }

    @Test
    void taxEstimatesReachPermitWorker() throws Exception {
        String estimate = "{\"tax\":12500000,\"nsr\":1000000}";
        WORKER.replyWith(200, Map.of("Content-Type", "application/json"), estimate);

        HttpResponse<String> response = send(request("/api/v1/tax-estimates")
            .POST(BodyPublishers.ofString(APPLICATION_JSON))
            .header("Content-Type", "application/json")
            .header("X-Request-Id", "estimate-1"));

        RecordingUpstream.Received received = WORKER.takeRequest();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/api/v1/tax-estimates");
        assertThat(received.body()).isEqualTo(APPLICATION_JSON);
        assertThat(received.header("X-Request-Id")).isEqualTo("estimate-1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(estimate);
        assertNothingReached(COMMAND, QUERY);
    }

    @Test
    void acceptedCommandComesBackWithStatusLocationEtagAndBody() throws Exception {
        String accepted = "{\"applicationId\":\"A-1\",\"status\":\"SUBMITTED\",\"version\":1}";
        COMMAND.replyWith(202, Map.of("Content-Type", "application/json", "Location", "/api/v1/applications/A-1",
                "ETag", "\"1\"", "X-Request-Id", "req-42"), accepted);

        HttpResponse<String> response = send(request("/api/v1/applications")
            .POST(BodyPublishers.ofString(APPLICATION_JSON))
            .header("Content-Type", "application/json")
            .header("X-Request-Id", "req-42"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/applications/A-1");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-42");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(accepted);
        assertThat(COMMAND.takeRequest().path()).isEqualTo("/api/v1/applications");
    }

    @Test
    void upstreamErrorsComeBackUnchanged() throws Exception {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Precondition Failed\",\"status\":412,"
                + "\"detail\":\"version 3 is stale, current is 4\"}";
        COMMAND.replyWith(412, Map.of("Content-Type", "application/problem+json", "ETag", "\"4\""), problem);

        HttpResponse<String> response = send(request("/api/v1/applications/A-1")
            .PUT(BodyPublishers.ofString(APPLICATION_JSON))
            .header("Content-Type", "application/json")
            .header("If-Match", "\"3\""));

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(response.body()).isEqualTo(problem);
        assertThat(COMMAND.takeRequest().header("If-Match")).isEqualTo("\"3\"");
    }

    @Test
    void callersHostIsKeptAndForwardedHeadersFromAnUntrustedCallerAreReplacedByWhatTheIngressSaw() throws Exception {
        send(request("/api/v1/stats").GET()
            .header("X-Forwarded-Host", "spoofed.example")
            .header("X-Forwarded-For", "203.0.113.9")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Port", "443")
            .header("Forwarded", "for=203.0.113.9;host=spoofed.example"));

        RecordingUpstream.Received received = QUERY.takeRequest();
        assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + this.port);
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + this.port);
        assertThat(received.headers()).doesNotContainKeys("x-forwarded-port", "forwarded");
        // a plain HTTP/1.1 hop that adds nothing of its own
        assertThat(received.headers()).doesNotContainKeys("upgrade", "http2-settings", "accept-encoding");
    }

    @Test
    void requestIdIsGeneratedWhenMissingThenForwardedAndReturnedOnce() throws Exception {
        QUERY.replyWith(200, Map.of("Content-Type", "application/json"), "{}");

        HttpResponse<String> response = send(request("/api/v1/stats").GET());

        String requestId = QUERY.takeRequest().header("X-Request-Id");
        assertThat(requestId).matches("[0-9a-f-]{36}");
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly(requestId);
    }

    @Test
    void severalSetCookieHeadersComeBackAsSeparateHeaders() throws Exception {
        QUERY.respondWith((exchange, request) -> {
            exchange.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/; HttpOnly");
            exchange.getResponseHeaders().add("Set-Cookie", "lang=id; Path=/; Max-Age=3600");
            exchange.getResponseHeaders().add("Set-Cookie", "theme=dark, light; Path=/");
            RecordingUpstream.send(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
        });

        HttpResponse<String> response = send(request("/api/v1/stats").GET());

        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("session=abc; Path=/; HttpOnly",
                "lang=id; Path=/; Max-Age=3600", "theme=dark, light; Path=/");
        QUERY.takeRequest();

        send(request("/api/v1/stats").GET());
        assertThat(QUERY.takeRequest().headers()).as("the ingress keeps no cookies of its own").doesNotContainKey("cookie");
    }

    @Test
    void aCallersExpectContinueIsAnsweredByTheIngressAndNotPassedOn() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/tax-estimates").expectContinue(true)
            .POST(BodyPublishers.ofString(APPLICATION_JSON))
            .header("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordingUpstream.Received received = WORKER.takeRequest();
        assertThat(received.body()).isEqualTo(APPLICATION_JSON);
        assertThat(received.headers()).doesNotContainKey("expect");
    }

    @Test
    void hopByHopHeadersStopAtTheIngressInBothDirections() throws Exception {
        QUERY.respondWith((exchange, request) -> {
            exchange.getResponseHeaders().add("Connection", "X-Upstream-Hop");
            exchange.getResponseHeaders().add("X-Upstream-Hop", "for the ingress only");
            exchange.getResponseHeaders().add("Keep-Alive", "timeout=5");
            exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=upstream");
            exchange.getResponseHeaders().add("X-End-To-End", "kept");
            RecordingUpstream.send(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
        });

        // the JDK client will not send Connection or Keep-Alive itself, so speak HTTP/1.1 by hand
        String response;
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n"
                    + "Connection: close, X-Caller-Hop\r\nX-Caller-Hop: for the ingress only\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: Basic c2VjcmV0\r\n"
                    + "Proxy-Connection: keep-alive\r\nUpgrade: websocket\r\nX-End-To-End: kept\r\n"
                    + "Authorization: " + TestTokens.officer() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        RecordingUpstream.Received received = QUERY.takeRequest();
        assertThat(received.headers()).doesNotContainKeys("x-caller-hop", "keep-alive", "te", "proxy-authorization",
                "proxy-connection", "upgrade");
        assertThat(received.header("X-End-To-End")).isEqualTo("kept");
        assertThat(received.headers()).as("nothing the caller did not send").doesNotContainKey("user-agent");
        String headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(headers).startsWith("http/1.1 200")
            .contains("x-end-to-end: kept")
            .doesNotContain("x-upstream-hop", "keep-alive", "proxy-authenticate");
    }

    @Test
    void compressedResponsesPassThroughUntouched() throws Exception {
        String json = "{\"totalElements\":0,\"content\":[]}";
        byte[] gzipped = gzip(json);
        QUERY.replyWith(200, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), gzipped);

        HttpResponse<byte[]> response = this.client.send(
                request("/api/v1/applications").GET().header("Accept-Encoding", "gzip").build(),
                BodyHandlers.ofByteArray());

        assertThat(QUERY.takeRequest().header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.body()).isEqualTo(gzipped);
    }

    @ParameterizedTest(name = "/v3/api-docs/{0}")
    @ValueSource(strings = { "reklame-command", "reklame-query", "permit-worker" })
    void eachServicesOpenApiDocumentIsServedThroughTheIngress(String service) throws Exception {
        RecordingUpstream upstream = ALL.stream().filter(u -> u.name().equals(service)).findFirst().orElseThrow();
        String document = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + service + "\"}}";
        upstream.replyWith(200, Map.of("Content-Type", "application/json"), document);

        HttpResponse<String> response = send(request("/v3/api-docs/" + service).GET());

        RecordingUpstream.Received received = upstream.takeRequest();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.path()).isEqualTo("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(document);
        assertNothingReached(ALL.stream().filter(u -> u != upstream).toArray(RecordingUpstream[]::new));
    }

    @Test
    void oneSwaggerUiListsTheThreeServices() throws Exception {
        HttpResponse<String> entry = send(request("/swagger-ui.html").GET());
        assertThat(entry.statusCode()).isEqualTo(302);
        String page = entry.headers().firstValue("Location").orElseThrow();
        assertThat(page).endsWith("/swagger-ui/index.html");

        HttpResponse<String> ui = send(HttpRequest.newBuilder(URI.create(url("/")).resolve(page)).GET());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(ui.body()).contains("swagger-ui");

        HttpResponse<String> config = send(request("/v3/api-docs/swagger-config").GET());
        assertThat(config.statusCode()).isEqualTo(200);
        List<String> names = JsonPath.read(config.body(), "$.urls[*].name");
        List<String> urls = JsonPath.read(config.body(), "$.urls[*].url");
        assertThat(names).containsExactlyInAnyOrder("reklame-command", "reklame-query", "permit-worker");
        assertThat(urls).containsExactlyInAnyOrder("/v3/api-docs/reklame-command", "/v3/api-docs/reklame-query",
                "/v3/api-docs/permit-worker");
        assertThat(JsonPath.<String>read(config.body(), "$['urls.primaryName']")).isEqualTo("reklame-command");
        assertNothingReached(COMMAND, QUERY, WORKER);
    }

    static Stream<Arguments> unrouted() {
        return Stream.of(arguments("GET", "/nope", "application/json"), arguments("GET", "/nope", "text/html"),
                arguments("DELETE", "/api/v1/applications/x", "application/json"),
                arguments("GET", "/api/v1/tax-estimates", "*/*"), arguments("POST", "/api/v1/stats", "*/*"),
                arguments("GET", "/api/v2/applications", "application/json"),
                arguments("GET", "/v3/api-docs/unknown-service", "application/json"));
    }

    @ParameterizedTest(name = "{0} {1} (Accept: {2}) -> problem")
    @MethodSource("unrouted")
    void anythingElseIsAProblemDocumentNotAPage(String method, String path, String accept) throws Exception {
        HttpResponse<String> response = send(request(path).method(method, BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json")
            .header("Accept", accept));

        assertThat(response.statusCode()).isIn(404, 405);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(response.statusCode());
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).isNotBlank();
        assertNothingReached(COMMAND, QUERY, WORKER);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> response = send(request("/nope").GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isEqualTo("Not Found");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness" })
    void probesAreUp(String probe) throws Exception {
        HttpResponse<String> response = send(request(probe).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("UP");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/actuator/prometheus", "/actuator", "/actuator/info", "/actuator/env", "/actuator/beans",
            "/actuator/heapdump", "/actuator/loggers" })
    void actuatorEndpointsOtherThanHealthAreNotFoundThroughTheIngress(String path) throws Exception {
        for (HttpRequest.Builder caller : List.of(request(path).GET(), request(path).GET()
                .setHeader("Authorization", TestTokens.operator()))) {
            HttpResponse<String> response = send(caller);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void everyRequestIsOneJsonLineOnStdout(CapturedOutput output) throws Exception {
        QUERY.replyWith(200, Map.of("Content-Type", "application/json"), "{\"version\":7}");

        send(request("/api/v1/applications/A-1?q=Kopi+Nusantara").GET().header("X-Request-Id", "log-me-1"));
        send(request("/api/v1/tax-estimates").POST(BodyPublishers.ofString("{\"a\":1}")).header("X-Request-Id", "log-me-2"));
        send(request("/nope").GET().header("X-Request-Id", "log-me-3"));

        Map<String, Object> read = accessLogLine(output, "log-me-1");
        assertThat(read).containsEntry("method", "GET")
            .containsEntry("path", "/api/v1/applications/A-1")
            .containsEntry("status", 200)
            .containsEntry("route", "reklame-query")
            .containsEntry("upstream", QUERY.baseUrl())
            .containsEntry("attempts", 1)
            .containsEntry("bytesIn", 0)
            .containsEntry("bytesOut", 13)
            .containsEntry("client", "127.0.0.1");
        assertThat(((Number) read.get("durationMs")).doubleValue()).isPositive();
        assertThat(read.get("time").toString()).endsWith("Z");
        assertThat(accessLogLine(output, "log-me-2")).containsEntry("upstream", WORKER.baseUrl())
            .containsEntry("bytesIn", 7);
        Map<String, Object> unrouted = accessLogLine(output, "log-me-3");
        assertThat(unrouted).containsEntry("status", 404).doesNotContainKeys("upstream", "route");
        assertThat(output.getOut()).as("the query may carry applicants' search terms").doesNotContain("Kopi");
    }

    @Test
    void anAnswerThatBreaksOffBeforeReachingTheCallerIsABadGatewayProblem() throws Exception {
        QUERY.respondWith((exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1_000);
            exchange.getResponseBody().write("{\"truncated\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            // the exchange closes here, 987 bytes short
        });

        HttpResponse<String> response = send(request("/api/v1/stats").GET()
            .header("Accept", "text/html")
            .header("X-Request-Id", "broken-1"));

        assertThat(IngressClient.assertProblem(response, 502)).contains("reklame-query");
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("broken-1");
    }

    @Test
    void theContainersErrorPageIsAProblemDocumentToo() throws Exception {
        HttpResponse<String> response = send(request("/error").GET().header("Accept", "text/html"));

        IngressClient.assertProblem(response, 500);
    }

    private Map<String, Object> accessLogLine(CapturedOutput output, String requestId) {
        return output.getOut()
            .lines()
            .filter(line -> line.startsWith("{") && line.contains("\"requestId\":\"" + requestId + "\""))
            .map(line -> JsonPath.parse(line).<Map<String, Object>>read("$"))
            // the application's own log lines are JSON too, with the request id: the access log's have the method
            .filter(line -> line.containsKey("method"))
            .reduce((first, second) -> {
                throw new AssertionError("more than one access log line for " + requestId);
            })
            .orElseThrow(() -> new AssertionError("no access log line for " + requestId));
    }

    private static Map<String, List<String>> decodedQuery(String rawQuery) {
        return new RecordingUpstream.Received("GET", "/", rawQuery, Map.of(), "").queryParams();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(10))
            .header("Authorization", TestTokens.officer());
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + this.port + pathAndQuery;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return this.client.send(request.build(), BodyHandlers.ofString());
    }

    private static void assertNothingReached(RecordingUpstream... upstreams) throws InterruptedException {
        for (RecordingUpstream upstream : upstreams) {
            assertThat(upstream.receivedAnythingWithin(Duration.ZERO)).as("%s was reached", upstream.name()).isFalse();
        }
    }

}
