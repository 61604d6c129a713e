package id.reklame.command;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.command.support.CommandApi;
import id.reklame.testsupport.HostileJson;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every command endpoint, sent a generated corpus of hostile bodies (several hundred each, fixed seed),
 * hostile ids and hostile headers, answers each with a 4xx problem document and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final long SEED = 20261126L;
    private static final Set<String> FORM_FORMATS = Set.of("applicant.idNumber", "applicant.email", "applicant.phone",
            "reklame.type", "reklame.productCategory", "reklame.placement", "location.roadClass", "period.startDate",
            "period.endDate");
    private static final String PAYMENT = """
            {"billingCode": "357820270100000142", "amount": 7500000, "paidAt": "2027-01-05T03:00:00Z", "reference": "BANK-1"}""";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private UUID application;

    @BeforeAll
    void anApplicationToAimAt() {
        application = new CommandApi(port).submitted();
    }

    private record Stored(long events, long outbox, long idempotencyKeys) {
    }

    private Stored stored() {
        return new Stored(count("event_store"), count("outbox"), count("idempotency_key"));
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private HttpResponse<String> send(String method, String path, HostileJson.Case hostile, String authorization,
                                      String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(hostile.body()))
                .header("Content-Type", hostile.contentType())
                .header("Authorization", authorization);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " with " + hostile + " failed", e);
        }
    }

    /** Sends the whole corpus; every answer must be a 4xx problem, and nothing may have been stored. */
    private int assertRefused(String method, String path, List<HostileJson.Case> corpus, String authorization,
                              String... headers) {
        Stored before = stored();
        SoftAssertions softly = new SoftAssertions();
        for (HostileJson.Case hostile : corpus) {
            HttpResponse<String> response = send(method, path, hostile, authorization, headers);
            softly.assertThat(response.statusCode()).as("%s %s with %s: %s", method, path, hostile, response.body())
                    .isBetween(400, 499);
            if (!path.contains("%2F")) { // Tomcat refuses an encoded slash itself, before the application: 400, in HTML
                softly.assertThat(response.headers().firstValue("Content-Type")).as("%s %s with %s", method, path, hostile)
                        .hasValue("application/problem+json");
            }
        }
        softly.assertAll();
        assertThat(stored()).as("nothing stored by " + method + " " + path).isEqualTo(before);
        return corpus.size();
    }

    @Test
    void hostileSubmissionsAreRefusedAndStoreNothing() {
        List<HostileJson.Case> corpus = HostileJson.corpus(CommandApi.FORM, FORM_FORMATS, SEED);

        assertThat(assertRefused("POST", "/api/v1/applications", corpus, TestTokens.applicant())).isGreaterThan(300);
        assertRefused("POST", "/api/v1/applications", corpus.subList(0, 60), TestTokens.applicant(),
                "Idempotency-Key", "hostile-" + UUID.randomUUID());
    }

    @Test
    void hostileRevisionsAreRefusedAndStoreNothing() {
        List<HostileJson.Case> corpus = HostileJson.corpus(CommandApi.FORM, FORM_FORMATS, SEED + 1);

        assertThat(assertRefused("PUT", "/api/v1/applications/" + application, corpus, TestTokens.applicant(),
                "If-Match", "\"1\"")).isGreaterThan(300);
    }

    @Test
    void hostileWithdrawalsAreRefusedAndStoreNothing() {
        List<HostileJson.Case> corpus = HostileJson.corpus("{\"reason\": \"no longer needed\"}", Set.of(), SEED + 2);

        assertThat(assertRefused("POST", "/api/v1/applications/" + application + "/withdrawal", corpus,
                TestTokens.applicant())).isGreaterThan(150);
    }

    @Test
    void hostilePaymentsAreRefusedAndStoreNothing() {
        List<HostileJson.Case> corpus = HostileJson.corpus(PAYMENT, Set.of("billingCode", "paidAt"), SEED + 3);

        assertThat(assertRefused("POST", "/api/v1/applications/" + application + "/payments", corpus,
                TestTokens.paymentGateway())).isGreaterThan(200);
    }

    @Test
    void hostileRenewalsAreRefusedAndStoreNothing() {
        // the application is not an issued permit, so even a well-formed renewal is refused: nothing may slip past
        List<HostileJson.Case> corpus = HostileJson.corpus("{\"note\": \"x\", \"n\": 1}", Set.of("note"), SEED + 4);

        assertRefused("POST", "/api/v1/applications/" + application + "/renewal", corpus, TestTokens.applicant());
    }

    @Test
    void hostileIdsAndHeadersAreRefusedAndStoreNothing() {
        List<HostileJson.Case> valid = List.of(new HostileJson.Case("the valid form",
                CommandApi.FORM.getBytes(StandardCharsets.UTF_8), "application/json"));
        List<String> ids = new ArrayList<>(List.of("not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g",
                application + "x", "-1", "9".repeat(400)));
        HostileJson.INJECTIONS.forEach(injection -> ids.add(URLEncoder.encode(injection, StandardCharsets.UTF_8)));
        for (String id : ids) {
            assertRefused("PUT", "/api/v1/applications/" + id, valid, TestTokens.applicant(), "If-Match", "\"1\"");
            assertRefused("POST", "/api/v1/applications/" + id + "/withdrawal", List.of(new HostileJson.Case(
                    "a reason", "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8), "application/json")),
                    TestTokens.applicant());
        }
        for (String ifMatch : List.of("1", "\"one\"", "\"-1\"", "\"99999999999999999999999\"", "*", "W/\"1\"", "\"1\", \"2\"",
                "' OR '1'='1")) {
            assertRefused("PUT", "/api/v1/applications/" + application, valid, TestTokens.applicant(), "If-Match", ifMatch);
        }
        for (String key : List.of("x".repeat(300), "key with spaces", "")) {
            assertRefused("POST", "/api/v1/applications", valid, TestTokens.applicant(), "Idempotency-Key", key);
        }
    }
}
