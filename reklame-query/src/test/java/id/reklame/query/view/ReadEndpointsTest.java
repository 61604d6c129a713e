package id.reklame.query.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import id.reklame.contracts.application.ApplicationAssessed;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.application.PermitIssued;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.query.ApplicationStreams;
import id.reklame.query.ApplicationStreams.Versioned;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=reklame-query", "reklame.query.max-page-size=50"})
@RealInfrastructureTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadEndpointsTest {

    @LocalServerPort
    int port;
    @Autowired
    TopicNames topics;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<List<Versioned>> lives = new ArrayList<>();

    @BeforeAll
    void streamOfSixtyApplications() {
        ApplicationStreams streams = new ApplicationStreams(42);
        int events = 0;
        try (KafkaProducer<String, byte[]> producer = ApplicationStreams.producer(
                RealInfrastructure.shared().kafkaBootstrapServers())) {
            for (int i = 0; i < 60; i++) {
                List<Versioned> life = streams.life();
                lives.add(life);
                life.forEach(v -> producer.send(ApplicationStreams.record(topics.applications(), v)));
                events += life.size();
            }
        }
        int all = events;
        await().atMost(Duration.ofSeconds(60)).until(() ->
                jdbc.sql("select count(*) from application_history").query(Long.class).single() == all);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", path.startsWith("/admin") ? TestTokens.operator() : TestTokens.officer()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private DocumentContext json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JsonPath.parse(response.body());
    }

    private static List<Long> longs(DocumentContext json, String path) {
        List<Number> numbers = json.read(path);
        return numbers.stream().map(Number::longValue).toList();
    }

    private static String statusOf(List<Versioned> life) {
        return switch (life.getLast().event().getClass().getSimpleName()) {
            case "PermitIssued" -> "ISSUED";
            case "PermitExpired" -> "EXPIRED";
            case "ApplicationRejected" -> "REJECTED";
            case "ApplicationWithdrawn" -> "WITHDRAWN";
            default -> throw new IllegalStateException();
        };
    }

    private static ApplicationSubmitted submission(List<Versioned> life) {
        return (ApplicationSubmitted) life.getFirst().event();
    }

    @Test
    void filtersCombineAndTotalElementsCountsTheWholeSearch() throws Exception {
        String district = submission(lives.getFirst()).location().district();
        long expected = lives.stream()
                .filter(l -> statusOf(l).equals("ISSUED") && submission(l).location().district().equals(district))
                .count();

        DocumentContext page = json("/api/v1/applications?status=ISSUED&district="
                + district.toLowerCase() + "&size=2");

        assertThat(page.read("$.totalElements", Long.class)).isEqualTo(expected);
        assertThat(page.read("$.totalPages", Long.class)).isEqualTo((expected + 1) / 2);
        List<String> statuses = page.read("$.content[*].status");
        List<String> districts = page.read("$.content[*].location.district");
        assertThat(statuses).hasSize((int) Math.min(2, expected)).containsOnly("ISSUED");
        assertThat(districts).containsOnly(district);

        String type = submission(lives.get(3)).reklame().type().name();
        String road = submission(lives.get(3)).location().roadClass().name();
        long typeAndRoad = lives.stream().filter(l -> submission(l).reklame().type().name().equals(type)
                && submission(l).location().roadClass().name().equals(road)).count();
        assertThat(json("/api/v1/applications?type=" + type + "&roadClass=" + road).read("$.totalElements", Long.class))
                .isEqualTo(typeAndRoad);
    }

    @Test
    void pagesFollowTheRequestedOrderWithoutOverlap() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            ids.addAll(json("/api/v1/applications?sort=submittedAt,asc&size=25&page=" + page).read("$.content[*].applicationId"));
        }
        List<String> expected = lives.stream()
                .sorted(Comparator.comparing((List<Versioned> l) -> l.getFirst().at())
                        .thenComparing(l -> l.getFirst().event().applicationId().toString()))
                .map(l -> l.getFirst().event().applicationId().toString()).toList();
        assertThat(ids).containsExactlyElementsOf(expected);

        List<String> newestFirst = json("/api/v1/applications?size=5").read("$.content[*].applicationId");
        assertThat(newestFirst).containsExactlyElementsOf(expected.reversed().subList(0, 5));

        List<String> byDistrictThenNewest = json("/api/v1/applications?sort=district&sort=submittedAt,desc&size=50")
                .read("$.content[*].location.district");
        assertThat(byDistrictThenNewest).isSorted();
    }

    @Test
    void undocumentedSortsAndBadParametersAre400ProblemsNamingEachField() throws Exception {
        HttpResponse<String> bad = get("/api/v1/applications?sort=document,desc&status=PAID&type=POSTER"
                + "&roadClass=HIGHWAY&page=-1&size=51");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        List<String> fields = JsonPath.parse(bad.body()).read("$.errors[*].field");
        assertThat(fields).containsExactlyInAnyOrder("sort", "status", "type", "roadClass", "page", "size");

        for (String query : List.of("sort=applicant.name", "sort=submittedAt,sideways", "size=abc", "size=0",
                "district=" + "x".repeat(101), "sort=" + URLEncoder.encode("status;drop table x", StandardCharsets.UTF_8))) {
            HttpResponse<String> response = get("/api/v1/applications?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
        }
    }

    @Test
    void historyListsEveryEventInVersionOrderWithASummary() throws Exception {
        List<Versioned> life = lives.stream().filter(l -> l.size() == 8).findFirst().orElseThrow();
        UUID id = life.getFirst().event().applicationId();

        DocumentContext history = json("/api/v1/applications/" + id + "/history");

        assertThat(history.read("$.events[*].version", List.class)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(history.read("$.events[*].type", List.class)).containsExactly("ApplicationSubmitted",
                "RevisionRequested", "ApplicationRevised", "ApplicationAssessed", "PaymentReceived", "PaymentRejected",
                "PaymentReceived", "PermitIssued");
        assertThat(history.read("$.events[0].occurredAt", String.class)).isEqualTo(life.getFirst().at().toString());
        assertThat(history.read("$.events[1].summary", String.class)).isEqualTo("Revision requested: SIZE_EXCEEDED");
        assertThat(get("/api/v1/applications/" + UUID.randomUUID() + "/history").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/applications/not-an-id/history").statusCode()).isEqualTo(400);
    }

    @Test
    void permitVerificationShowsThePermitAndNothingPersonal() throws Exception {
        List<Versioned> life = lives.stream().filter(l -> statusOf(l).equals("ISSUED")).findFirst().orElseThrow();
        PermitIssued issued = (PermitIssued) life.getLast().event();
        ApplicationSubmitted submitted = submission(life);

        HttpResponse<String> response = get("/api/v1/permits/" + issued.permitNumber());

        assertThat(response.statusCode()).isEqualTo(200);
        DocumentContext permit = JsonPath.parse(response.body());
        assertThat(permit.read("$.permitNumber", String.class)).isEqualTo(issued.permitNumber());
        assertThat(permit.read("$.status", String.class)).isEqualTo("ISSUED");
        assertThat(permit.read("$.validFrom", String.class)).isEqualTo(issued.validFrom().toString());
        assertThat(permit.read("$.validTo", String.class)).isEqualTo(issued.validTo().toString());
        assertThat(permit.read("$.type", String.class)).isEqualTo(submitted.reklame().type().name());
        assertThat(permit.read("$.location.address", String.class)).isEqualTo(submitted.location().address());
        assertThat(permit.read("$.size.sides", Integer.class)).isEqualTo(submitted.reklame().sides());
        assertThat(response.body()).doesNotContain(submitted.applicant().name(), submitted.applicant().idNumber(),
                submitted.applicant().email(), submitted.applicant().phone(), "applicant",
                submitted.applicationId().toString());

        assertThat(get("/api/v1/permits/IPR-RKL/2027/999999").statusCode()).isEqualTo(404);
        HttpResponse<String> malformed = get("/api/v1/permits/not-a-permit");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JsonPath.parse(malformed.body()).read("$.errors[0].field", String.class)).isEqualTo("permitNumber");
    }

    @Test
    void statisticsCountStatusesAndSumAssessedAndPaidTaxByDistrictAndMonth() throws Exception {
        Map<String, Long> statuses = lives.stream().collect(Collectors.groupingBy(ReadEndpointsTest::statusOf,
                Collectors.counting()));
        Map<String, Long> assessedByDistrict = new HashMap<>();
        Map<String, Long> assessedByMonth = new HashMap<>();
        Map<String, Long> paidByDistrict = new HashMap<>();
        Map<String, Long> paidByMonth = new HashMap<>();
        for (List<Versioned> life : lives) {
            String district = submission(life).location().district();
            life.stream().map(Versioned::event).filter(ApplicationAssessed.class::isInstance)
                    .map(e -> ((ApplicationAssessed) e).assessment()).forEach(a -> {
                        assessedByDistrict.merge(district, a.tax(), Long::sum);
                        assessedByMonth.merge(a.assessedOn().toString().substring(0, 7), a.tax(), Long::sum);
                    });
            if (statusOf(life).equals("ISSUED") || statusOf(life).equals("EXPIRED")) {
                // the payment that led to the permit: the last one received
                var paid = life.stream().map(Versioned::event)
                        .filter(id.reklame.contracts.application.PaymentReceived.class::isInstance)
                        .map(id.reklame.contracts.application.PaymentReceived.class::cast).toList().getLast();
                paidByDistrict.merge(district, paid.amount(), Long::sum);
                paidByMonth.merge(paid.paidAt().atZone(ZoneId.of("Asia/Jakarta")).toLocalDate().toString()
                        .substring(0, 7), paid.amount(), Long::sum);
            }
        }

        DocumentContext stats = json("/api/v1/stats");

        assertThat(stats.read("$.applications", Long.class)).isEqualTo(60);
        statuses.forEach((status, count) ->
                assertThat(stats.read("$.countsByStatus." + status, Long.class)).as(status).isEqualTo(count));
        assertThat(stats.read("$.countsByStatus.SUBMITTED", Long.class)).isZero();
        assessedByDistrict.forEach((district, sum) -> assertThat(longs(stats,
                "$.taxByDistrict[?(@.district == '" + district + "')].assessed")).as(district).containsExactly(sum));
        paidByDistrict.forEach((district, sum) -> assertThat(longs(stats,
                "$.taxByDistrict[?(@.district == '" + district + "')].paid")).as(district).containsExactly(sum));
        assessedByMonth.forEach((month, sum) -> assertThat(longs(stats,
                "$.taxByMonth[?(@.month == '" + month + "')].assessed")).as(month).containsExactly(sum));
        paidByMonth.forEach((month, sum) -> assertThat(longs(stats,
                "$.taxByMonth[?(@.month == '" + month + "')].paid")).as(month).containsExactly(sum));
    }
}
