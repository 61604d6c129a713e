package id.reklame.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import id.reklame.command.CommandApplication;
import id.reklame.ingress.IngressProxyApplication;
import id.reklame.query.QueryApplication;
import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.TestTokens;
import id.reklame.worker.WorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The walking skeleton through real parts only: the four services as separate application contexts,
 * one real PostgreSQL, one real Kafka broker, every request through the ingress.
 */
class SubmissionToAssessedViewTest {

    static {
        // the ingress forwards the caller's Host; the JDK client allows that only if told before its first use
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    /** The ingress is a plain web process: in this shared JVM it must not pick up the data services' starters. */
    private static final String INGRESS_EXCLUDES = "--spring.autoconfigure.exclude="
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
            + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

    private static final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static String ingress;
    private static Database database;

    /** A span some service finished: which service, in which trace, what it was. */
    record FinishedSpan(String service, String traceId, String name, String kind) {
    }

    /** Every span every service finished, collected in memory (there is nothing to export them to). */
    private static final Queue<FinishedSpan> spans = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startSystem() {
        RealInfrastructure infrastructure = RealInfrastructure.shared();
        database = infrastructure.newDatabase("system");
        String suffix = infrastructure.uniqueSuffix("system");
        String applications = "reklame.applications.v1." + suffix;
        String decisions = "reklame.permit-decisions.v1." + suffix;
        infrastructure.createTopics(12, applications, decisions);
        List<String> shared = List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--reklame.topics.applications=" + applications,
                "--reklame.topics.decisions=" + decisions,
                "--reklame.kafka.group-prefix=" + suffix + ".");

        String command = start(CommandApplication.application(), shared);
        String query = start(QueryApplication.application(), shared);
        String worker = start(WorkerApplication.application(), shared);
        ingress = start(IngressProxyApplication.application(), List.of("--server.port=0", INGRESS_EXCLUDES,
                "--REKLAME_COMMAND_URL=" + command, "--REKLAME_QUERY_URL=" + query, "--PERMIT_WORKER_URL=" + worker));
    }

    private static String start(SpringApplicationBuilder application, List<String> args) {
        ConfigurableApplicationContext context = application
                .initializers(c -> c.getBeanFactory().registerSingleton("finishedSpans",
                        spansOf(c.getEnvironment().getProperty("spring.config.name"))))
                .run(args.toArray(String[]::new));
        services.add(context);
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopSystem() {
        services.reversed().forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void publishedDkiExampleSubmittedThroughTheIngressIsAssessedAtSevenAndAHalfMillion() throws Exception {
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(ingress + "/api/v1/applications"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "walking-skeleton-1")
                .POST(HttpRequest.BodyPublishers.ofString(dkiExample())));

        assertThat(submitted.statusCode()).isEqualTo(202);
        assertThat(submitted.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(submitted.headers().allValues("X-Request-Id")).containsExactly("walking-skeleton-1");
        DocumentContext accepted = JsonPath.parse(submitted.body());
        assertThat(accepted.read("$.status", String.class)).isEqualTo("SUBMITTED");
        assertThat(accepted.read("$.version", Integer.class)).isEqualTo(1);
        String id = accepted.read("$.applicationId");
        assertThat(submitted.headers().firstValue("Location")).hasValue("/api/v1/applications/" + id);

        DocumentContext view = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> read(ingress + "/api/v1/applications/" + id),
                        v -> v != null && "ASSESSED".equals(v.read("$.status")));

        assertThat(view.read("$.version", Integer.class)).isEqualTo(2);
        assertThat(view.read("$.reklame.type", String.class)).isEqualTo("BILLBOARD");
        assertThat(view.read("$.assessment.nsr", Long.class)).isEqualTo(125_000L);
        assertThat(view.read("$.assessment.areaM2", Double.class)).isEqualTo(8.0);
        assertThat(view.read("$.assessment.days", Integer.class)).isEqualTo(30);
        assertThat(view.read("$.assessment.base", Long.class)).isEqualTo(30_000_000L);
        assertThat(view.read("$.assessment.tax", Long.class)).isEqualTo(7_500_000L);
        assertThat(view.read("$.assessment.skpdNumber", String.class)).matches("SKPD-RKL/\\d{4}/\\d{6}");
        assertThat(view.read("$.assessment.billingCode", String.class)).matches("\\d{18}");
        assertThat(view.read("$.submittedAt", String.class)).isNotBlank();
    }

    @Test
    void oneTraceFollowsASubmissionThroughEveryServiceToItsAssessedView() throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

        String id = submitAndAwaitAssessment(traceparent);

        // ingress -> command (HTTP), outbox -> worker -> decision -> command (Kafka) -> event -> query (Kafka)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servicesIn(traceId))
                .containsExactlyInAnyOrder("ingress-proxy", "reklame-command", "permit-worker", "reklame-query"));
        assertThat(spansIn(traceId)).extracting(FinishedSpan::service, FinishedSpan::kind).contains(
                org.assertj.core.groups.Tuple.tuple("ingress-proxy", "SERVER"),
                org.assertj.core.groups.Tuple.tuple("reklame-command", "SERVER"),
                org.assertj.core.groups.Tuple.tuple("permit-worker", "PRODUCER"),
                org.assertj.core.groups.Tuple.tuple("reklame-command", "CONSUMER"),
                org.assertj.core.groups.Tuple.tuple("reklame-query", "CONSUMER"));
        assertThat(storedTraceIds(id)).containsExactly(traceId, traceId);
    }

    @Test
    void aSubmissionWithoutTraceContextGetsTheIngresssTraceAllTheWay() throws Exception {
        String id = submitAndAwaitAssessment(null);

        List<String> stored = storedTraceIds(id);
        assertThat(stored).hasSize(2).doesNotContainNull();
        assertThat(stored.get(1)).isEqualTo(stored.get(0));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(servicesIn(stored.get(0)))
                .containsExactlyInAnyOrder("ingress-proxy", "reklame-command", "permit-worker", "reklame-query"));
    }

    /** Submits the published example on a site of its own and returns its id once it is assessed in the view. */
    private static String submitAndAwaitAssessment(String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingress + "/api/v1/applications"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonPath.parse(dkiExample())
                        // a site of its own: the published example's site is taken by another test's billboard
                        .set("$.location.latitude", -7.0 - ThreadLocalRandom.current().nextDouble(0.5))
                        .set("$.location.longitude", 112.5 + ThreadLocalRandom.current().nextDouble(0.5))
                        .jsonString()));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> submitted = send(request);
        assertThat(submitted.statusCode()).isEqualTo(202);
        String id = JsonPath.parse(submitted.body()).read("$.applicationId");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> read(ingress + "/api/v1/applications/" + id),
                        v -> v != null && "ASSESSED".equals(v.read("$.status")));
        return id;
    }

    /** The trace ids reklame-command stored with the application's events, in version order. */
    private static List<String> storedTraceIds(String applicationId) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             var statement = connection.prepareStatement(
                     "select traceparent from reklame_command.event_store where application_id = ?::uuid order by version")) {
            statement.setString(1, applicationId);
            List<String> ids = new ArrayList<>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    String value = rows.getString(1);
                    ids.add(value == null ? null : value.substring(3, 35));
                }
            }
            return ids;
        }
    }

    private static List<FinishedSpan> spansIn(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static Set<String> servicesIn(String traceId) {
        return spansIn(traceId).stream().map(FinishedSpan::service).collect(Collectors.toSet());
    }

    private static SpanHandler spansOf(String service) {
        return new SpanHandler() {
            @Override
            public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                spans.add(new FinishedSpan(service, context.traceIdString(), span.name(),
                        span.kind() == null ? "LOCAL" : span.kind().name()));
                return true;
            }
        };
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Test
    void taxEstimateThroughTheIngressMatchesThePublishedExample() throws Exception {
        String body = JsonPath.parse(dkiExample()).delete("$.applicant").jsonString();
        HttpResponse<String> estimate = send(HttpRequest.newBuilder(URI.create(ingress + "/api/v1/tax-estimates"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(estimate.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(estimate.body()).read("$.tax", Long.class)).isEqualTo(7_500_000L);
    }

    @Test
    void invalidSubmissionIsRefusedWithEveryBadFieldNamed() throws Exception {
        String body = JsonPath.parse(dkiExample())
                .set("$.reklame.widthM", 0)
                .set("$.location.latitude", 40)
                .set("$.applicant.idNumber", "123")
                .jsonString();
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(ingress + "/api/v1/applications"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        List<String> fields = JsonPath.parse(refused.body()).read("$.errors[*].field");
        assertThat(fields).containsExactlyInAnyOrder("applicant.idNumber", "location.latitude", "reklame.widthM");
    }

    @Test
    void everyServicePublishesItsOpenApiDocumentThroughTheIngress() throws Exception {
        for (String service : List.of("reklame-command", "reklame-query", "permit-worker")) {
            HttpResponse<String> document = send(HttpRequest.newBuilder(URI.create(ingress + "/v3/api-docs/" + service)).GET());

            assertThat(document.statusCode()).as(service).isEqualTo(200);
            assertThat(JsonPath.parse(document.body()).read("$.openapi", String.class)).as(service).startsWith("3.");
        }
        HttpResponse<String> commandPaths = send(HttpRequest.newBuilder(URI.create(ingress + "/v3/api-docs/reklame-command")).GET());
        assertThat(JsonPath.parse(commandPaths.body()).read("$.paths", java.util.Map.class)).containsKey("/api/v1/applications");
    }

    @Test
    void unknownApplicationIsA404Problem() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(
                URI.create(ingress + "/api/v1/applications/00000000-0000-0000-0000-000000000000")).GET());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private static DocumentContext read(String url) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        return response.statusCode() == 200 ? JsonPath.parse(response.body()) : null;
    }

    /** Commands as the applicant, everything else as an officer. */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        boolean command = !request.build().method().equals("GET");
        request.setHeader("Authorization", command ? TestTokens.applicant() : TestTokens.officer());
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The published BPRD DKI Jakarta example: 2 m × 4 m billboard, one side, one unit, 30 days on a protocol road. */
    static String dkiExample() {
        return """
                {
                  "applicant": {"name": "PT Maju Jaya", "idNumber": "3578012345670001", "email": "izin@majujaya.co.id", "phone": "+6281234567890"},
                  "reklame": {"type": "BILLBOARD", "content": "Kopi Nusantara", "productCategory": "GENERAL",
                              "placement": "OUTDOOR", "widthM": 2, "heightM": 4, "sides": 1, "units": 1, "heightAboveGroundM": 6},
                  "location": {"address": "Jl. Raya Darmo 1", "district": "Tegalsari", "roadClass": "PROTOCOL",
                               "latitude": -7.2756, "longitude": 112.7395},
                  "period": {"startDate": "2099-01-01", "endDate": "2099-01-30"}
                }""";
    }
}
