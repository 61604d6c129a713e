package id.reklame.worker;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.testsupport.HostileJson;
import id.reklame.testsupport.RealInfrastructureTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public tax estimate, sent a generated corpus of hostile bodies (several hundred, fixed seed), a body of
 * the wrong media type and one too large, answers each with a 4xx problem document and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=permit-worker")
@RealInfrastructureTest
class HostileInputTest {

    private static final long SEED = 20261126L;
    private static final String ESTIMATES = "/api/v1/tax-estimates";
    private static final String ESTIMATE = """
            {"reklame": {"type": "BILLBOARD", "content": "Kopi Nusantara", "productCategory": "GENERAL",
                         "placement": "OUTDOOR", "widthM": 2, "heightM": 4, "sides": 1, "units": 1},
             "location": {"address": "Jl. Raya Darmo 1", "district": "Tegalsari", "roadClass": "PROTOCOL",
                          "latitude": -7.2756, "longitude": 112.7395},
             "period": {"startDate": "2027-01-01", "endDate": "2027-01-30"}}""";
    private static final Set<String> FORMATTED = Set.of("reklame.type", "reklame.productCategory", "reklame.placement",
            "location.roadClass", "period.startDate", "period.endDate");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The row count of every table of the worker's schema, by name. */
    private Map<String, Long> stored() {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema = 'permit_worker'"
                + " and table_type = 'BASE TABLE' order by table_name").query(String.class).list();
        for (String table : tables) {
            counts.put(table, jdbc.sql("select count(*) from permit_worker.\"" + table + "\"").query(Long.class).single());
        }
        return counts;
    }

    private HttpResponse<String> send(String method, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ESTIMATES))
                .timeout(Duration.ofSeconds(30)).method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + ESTIMATES + " failed", e);
        }
    }

    private HttpResponse<String> post(byte[] body, String contentType) {
        return send("POST", HttpRequest.BodyPublishers.ofByteArray(body), contentType);
    }

    private static void assertProblem(SoftAssertions softly, HttpResponse<String> response, String what) {
        softly.assertThat(response.statusCode()).as("%s: %s", what, response.body()).isBetween(400, 499);
        softly.assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
    }

    @Test
    void theValidEstimateIsAnsweredSoTheCorpusIsRefusedForWhatItBreaks() {
        HttpResponse<String> response = post(ESTIMATE.getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"tax\":7500000");
    }

    @Test
    void hostileEstimatesAreRefusedAsProblemsAndStoreNothing() {
        List<HostileJson.Case> corpus = HostileJson.corpus(ESTIMATE, FORMATTED, SEED);
        Map<String, Long> before = stored();
        assertThat(before).as("the worker's tables").containsKeys("decision", "application_state", "payment", "document_number", "tariff");

        SoftAssertions softly = new SoftAssertions();
        for (HostileJson.Case hostile : corpus) {
            assertProblem(softly, post(hostile.body(), hostile.contentType()), "POST " + hostile);
        }
        softly.assertAll();
        assertThat(corpus).hasSizeGreaterThan(300);
        assertThat(stored()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() {
        byte[] valid = ESTIMATE.getBytes(StandardCharsets.UTF_8);
        SoftAssertions softly = new SoftAssertions();
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "application/json-patch+json"}) {
            HttpResponse<String> response = post(valid, type);
            softly.assertThat(response.statusCode()).as("%s: %s", type, response.body()).isEqualTo(415);
            assertProblem(softly, response, type);
        }
        HttpResponse<String> untyped = post(valid, null);
        softly.assertThat(untyped.statusCode()).as("no Content-Type: %s", untyped.body()).isEqualTo(415);
        assertProblem(softly, untyped, "no Content-Type");
        softly.assertAll();
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrItIsChunked() {
        // a valid estimate padded with whitespace past 64 KiB: only its size is wrong
        byte[] oversized = (ESTIMATE + " ".repeat(70 * 1024)).getBytes(StandardCharsets.UTF_8);
        Map<String, Long> before = stored();

        HttpResponse<String> declared = post(oversized, "application/json");
        HttpResponse<String> chunked = send("POST", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(oversized)), "application/json");

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(declared.statusCode()).as("with Content-Length: %s", declared.body()).isEqualTo(413);
        assertProblem(softly, declared, "with Content-Length");
        softly.assertThat(chunked.statusCode()).as("chunked: %s", chunked.body()).isEqualTo(413);
        assertProblem(softly, chunked, "chunked");
        softly.assertAll();
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void otherMethodsOnTheEstimatesAreProblems() {
        SoftAssertions softly = new SoftAssertions();
        for (String method : new String[] {"GET", "PUT", "PATCH", "DELETE"}) {
            assertProblem(softly, send(method, HttpRequest.BodyPublishers.ofString(ESTIMATE), "application/json"), method);
        }
        softly.assertAll();
    }
}
