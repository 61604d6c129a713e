package id.reklame.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.reklame.contracts.application.PermitIssued;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.query.ApplicationStreams.Versioned;
import id.reklame.testsupport.HostileQueryValues;
import id.reklame.testsupport.HostileQueryValues.Value;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every read endpoint and the admin endpoints, sent a deterministic corpus of hostile query parameters and
 * path segments by an officer (an operator on /admin), so that authorisation is not what answers: each answer
 * is a 4xx problem document, or a 200 where the input is unusual but valid (free text that matches nothing, a
 * parameter the endpoint does not read); never a 5xx, and the read models do not change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=reklame-query", "reklame.query.min-version-wait=200ms"})
@RealInfrastructureTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final String PROBLEM = "application/problem+json";
    private static final IntPredicate CLIENT_ERROR = status -> status >= 400 && status < 500;
    private static final IntPredicate OK = status -> status == 200;
    private static final IntPredicate BAD_REQUEST = status -> status == 400;

    @LocalServerPort
    int port;
    @Autowired
    TopicNames topics;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private UUID application;
    private String permitNumber;
    private ReadModels before;

    @BeforeAll
    void oneIssuedPermit() {
        List<Versioned> life = new ApplicationStreams(20261126L).life();
        try (KafkaProducer<String, byte[]> producer = ApplicationStreams.producer(
                RealInfrastructure.shared().kafkaBootstrapServers())) {
            life.forEach(v -> producer.send(ApplicationStreams.record(topics.applications(), v)));
        }
        application = life.getFirst().event().applicationId();
        permitNumber = life.stream().map(Versioned::event).filter(PermitIssued.class::isInstance)
                .map(e -> ((PermitIssued) e).permitNumber()).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("select count(*) from application_history")
                .query(Long.class).single() == life.size());
    }

    private record ReadModels(long views, long history, long payments, long gaps, long offsets, String checksum) {
    }

    private ReadModels readModels() {
        return new ReadModels(count("application_view"), count("application_history"), count("application_payment"),
                count("projection_gap"), jdbc.sql("select coalesce(sum(next_offset), 0) from projection_offset")
                .query(Long.class).single(),
                jdbc.sql("select md5(string_agg(document::text, '' order by application_id)) from application_view")
                        .query(String.class).single());
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    @BeforeEach
    void remember() {
        before = readModels();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(readModels()).as("the read models after hostile reads").isEqualTo(before);
    }

    private record Answer(int status, String contentType, String body) {
    }

    private Answer get(String pathAndQuery, String authorization) {
        return send("GET", pathAndQuery, authorization);
    }

    private Answer send(String method, String pathAndQuery, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed", e);
        }
    }

    /**
     * Sends a request line as it is, bytes java.net.URI would refuse (raw control characters, broken escapes):
     * what the web server itself makes of them.
     */
    private Answer raw(String requestTarget, String authorization) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + requestTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.ISO_8859_1);
            String[] head = response.split("\r\n\r\n", 2)[0].split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            String contentType = null;
            for (String line : head) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).strip();
                }
            }
            return new Answer(status, contentType, response);
        } catch (Exception e) {
            throw new IllegalStateException("GET " + requestTarget + " failed", e);
        }
    }

    private static void expect(SoftAssertions softly, String request, Answer answer, IntPredicate status) {
        softly.assertThat(answer.status()).as("%s: %s", request, answer.body()).matches(status::test, "an expected status")
                .isLessThan(500);
        if (answer.status() != 200) {
            softly.assertThat(answer.contentType()).as("%s answered %s: %s", request, answer.status(), answer.body())
                    .startsWith(PROBLEM);
        }
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void hostileSearchParametersAreRefusedOrMatchNothing() {
        SoftAssertions softly = new SoftAssertions();
        int sent = 0;
        for (String enumFilter : List.of("status", "type", "roadClass")) {
            // an enum filter knows its values exactly: anything else, even the right word in lower case, is refused
            for (Value value : Stream.concat(HostileQueryValues.text().stream(), HostileQueryValues.numbers().stream())
                    .toList()) {
                String request = "/api/v1/applications?" + enumFilter + "=" + value.encoded();
                expect(softly, request, get(request, TestTokens.officer()), BAD_REQUEST);
                sent++;
            }
        }
        for (Value value : HostileQueryValues.text()) {
            // district is free text: an injection or odd Unicode is text that names no district (200, no match);
            // blank, overlong, or text a database cannot compare (NUL, broken UTF-8) is refused
            String request = "/api/v1/applications?district=" + value.encoded();
            Answer answer = get(request, TestTokens.officer());
            boolean refused = value.text().isBlank() || value.text().length() > 100 || value.text().indexOf(0) >= 0
                    || value.raw() && !value.text().startsWith("%25"); // raw: NUL or bytes that are not UTF-8
            expect(softly, request, answer, refused ? BAD_REQUEST : OK);
            if (answer.status() == 200) {
                softly.assertThat(answer.body()).as(request).contains("\"totalElements\":0");
            }
            sent++;
        }
        for (String refused : List.of("", "%20%20", "x".repeat(101), "a%00b", "%00")) {
            String request = "/api/v1/applications?district=" + refused;
            expect(softly, request, get(request, TestTokens.officer()), BAD_REQUEST);
            sent++;
        }
        for (String paging : List.of("page", "size")) {
            for (Value value : HostileQueryValues.numbers()) {
                if (value.text().equals("2147483647") && paging.equals("page") || value.text().isEmpty()) {
                    continue; // an empty parameter is an absent one
                }
                String request = "/api/v1/applications?" + paging + "=" + value.encoded();
                expect(softly, request, get(request, TestTokens.officer()), BAD_REQUEST);
                sent++;
            }
            for (Value value : HostileQueryValues.text()) {
                // an empty page or size is no number either
                String request = "/api/v1/applications?" + paging + "=" + value.encoded();
                expect(softly, request, get(request, TestTokens.officer()), BAD_REQUEST);
                sent++;
            }
        }
        List<String> sorts = new ArrayList<>(List.of("password", "application_id", "document", "submitted_at",
                "submittedAt,sideways", "submittedAt,desc,asc", "submittedAt;drop table application_view",
                ",desc", ",", "submittedAt,", "(select 1)", "version desc", "1", "-submittedAt"));
        HostileQueryValues.text().forEach(value -> sorts.add(value.text()));
        for (String sort : sorts) {
            if (sort.startsWith("%")) {
                continue;
            }
            String request = "/api/v1/applications?sort=" + q(sort);
            expect(softly, request, get(request, TestTokens.officer()), sort.isEmpty() ? CLIENT_ERROR : BAD_REQUEST);
            sent++;
        }
        softly.assertAll();
        assertThat(sent).isGreaterThan(300);
    }

    @Test
    void repeatedAndUnknownSearchParameters() {
        SoftAssertions softly = new SoftAssertions();
        // a single-valued parameter given twice is two values for one: refused, not either of them picked
        for (String request : List.of("status=ISSUED&status=REJECTED", "type=BILLBOARD&type=BILLBOARD",
                "roadClass=PROTOCOL&roadClass=ARTERIAL", "page=1&page=2", "size=5&size=6", "status=ISSUED&status=")) {
            expect(softly, request, get("/api/v1/applications?" + request, TestTokens.officer()), BAD_REQUEST);
        }
        // sort is repeatable by design; a parameter the endpoint does not read is ignored
        for (String request : List.of("sort=status&sort=district,desc&sort=version", "unknown=1",
                "status=ISSUED&" + "x".repeat(5000) + "=1", "sort=status&sort=status")) {
            expect(softly, request, get("/api/v1/applications?" + request, TestTokens.officer()), OK);
        }
        StringBuilder many = new StringBuilder("/api/v1/applications?status=ISSUED");
        for (int i = 0; i < 300; i++) {
            many.append("&sort=nothing").append(i);
        }
        expect(softly, "300 unknown sort fields", get(many.toString(), TestTokens.officer()), BAD_REQUEST);
        softly.assertAll();
    }

    @Test
    void hostileApplicationIdsAreRefused() {
        SoftAssertions softly = new SoftAssertions();
        List<String> ids = new ArrayList<>(HostileQueryValues.nonUuids().stream().map(HostileInputTest::q).toList());
        HostileQueryValues.text().stream().filter(v -> !v.text().isBlank() && !v.text().contains("/"))
                .forEach(v -> ids.add(v.encoded()));
        for (String id : ids) {
            for (String path : List.of("/api/v1/applications/" + id, "/api/v1/applications/" + id + "/history",
                    "/api/v1/applications/" + id + "?minVersion=1")) {
                Answer answer = get(path, TestTokens.officer());
                expect(softly, path, answer, BAD_REQUEST);
            }
        }
        // well-formed ids that name nothing
        for (String id : List.of(UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000",
                application.toString().toUpperCase())) {
            Answer answer = get("/api/v1/applications/" + id + "/history", TestTokens.officer());
            expect(softly, id, answer, id.equalsIgnoreCase(application.toString()) ? OK : status -> status == 404);
        }
        softly.assertAll();
    }

    @Test
    void hostileMinVersionsAreRefused() {
        SoftAssertions softly = new SoftAssertions();
        for (String path : List.of("/api/v1/applications/" + application, "/api/v1/applications/" + UUID.randomUUID())) {
            for (Value value : HostileQueryValues.numbers()) {
                if (value.text().isBlank()) {
                    continue; // an empty parameter is an absent one
                }
                String request = path + "?minVersion=" + value.encoded();
                Answer answer = get(request, TestTokens.officer());
                // a version the view has not reached (yet) is a 409 after the wait (404: no such application);
                // anything else that is no positive whole number in ASCII digits is refused
                boolean positiveLong = value.text().matches("[1-9]\\d{0,18}")
                        && new java.math.BigInteger(value.text()).bitLength() < 64;
                expect(softly, request, answer, positiveLong
                        ? status -> status == 200 || status == 404 || status == 409 : BAD_REQUEST);
            }
            for (Value value : HostileQueryValues.text()) {
                if (value.text().isBlank()) {
                    continue;
                }
                String request = path + "?minVersion=" + value.encoded();
                expect(softly, request, get(request, TestTokens.officer()), BAD_REQUEST);
            }
            expect(softly, "repeated minVersion", get(path + "?minVersion=1&minVersion=2", TestTokens.officer()),
                    BAD_REQUEST);
        }
        softly.assertAll();
    }

    @Test
    void hostilePermitNumbersAreRefused() {
        SoftAssertions softly = new SoftAssertions();
        List<String> numbers = new ArrayList<>(List.of("IPR-RKL/2027/00001", "IPR-RKL/2027/0000011", "ipr-rkl/2027/000001",
                "IPR-RKL/2027/000001/extra", "IPR-RKL//000001", "IPR-RKL/２０２７/000001", "IPR-RKL/2027/000001%0A",
                "IPR-RKL/2027/000001%00", permitNumber.replace("/", "%2F"), "x".repeat(5000)));
        HostileQueryValues.text().stream().filter(v -> !v.text().isEmpty()).forEach(v -> numbers.add(v.encoded()));
        HostileQueryValues.nonUuids().forEach(id -> numbers.add(q(id)));
        for (String number : numbers) {
            String request = "/api/v1/permits/" + number;
            Answer answer = get(request, TestTokens.officer());
            expect(softly, request, answer, BAD_REQUEST);
        }
        for (String absent : List.of("IPR-RKL/2027/999999", "IPR-RKL/0000/000000")) {
            expect(softly, absent, get("/api/v1/permits/" + absent, TestTokens.officer()), status -> status == 404);
        }
        expect(softly, "the permit itself, with hostile parameters",
                get("/api/v1/permits/" + permitNumber + "?permitNumber=" + q("' OR '1'='1"), TestTokens.officer()), OK);
        softly.assertAll();
    }

    @Test
    void statisticsAndAdminIgnoreParametersTheyDoNotRead() {
        SoftAssertions softly = new SoftAssertions();
        List<String> paths = List.of("/api/v1/stats", "/admin/projections/gaps", "/admin/projections/checksum",
                "/admin/projections/rebuild");
        for (String path : paths) {
            String token = path.startsWith("/admin") ? TestTokens.operator() : TestTokens.officer();
            for (Value value : HostileQueryValues.text()) {
                String request = path + "?district=" + value.encoded() + "&limit=" + value.encoded();
                Answer answer = get(request, token);
                // they read no parameters, so none is refused; only a request line over Tomcat's 8 KB limit is
                expect(softly, request, answer, request.length() > 8 * 1024 ? BAD_REQUEST : OK);
            }
            for (String method : List.of("PUT", "DELETE", "PATCH")) {
                // only reads are authorised under /api (403 before any handler); an operator on /admin is told 405
                int refused = path.startsWith("/admin") ? 405 : 403;
                expect(softly, method + " " + path, send(method, path, token), status -> status == refused);
            }
        }
        for (String path : List.of("/admin/projections/" + q("' OR '1'='1"), "/admin/projections/rebuild/1",
                "/admin/" + "x".repeat(3000))) {
            expect(softly, path, get(path, TestTokens.operator()), status -> status == 404);
        }
        // a path no rule authorises is refused before anyone looks for it
        expect(softly, "below stats", get("/api/v1/stats/" + q("{{7*7}}"), TestTokens.officer()), status -> status == 403);
        softly.assertAll();
    }

    @Test
    void malformedRequestTargetsAreRefusedBeforeTheApplication() {
        SoftAssertions softly = new SoftAssertions();
        for (String target : List.of("/api/v1/applications?district=%zz", "/api/v1/applications?district=%",
                "/api/v1/applications?status=%G0", "/api/v1/applications/%zz", "/api/v1/permits/IPR-RKL%2",
                "/api/v1/applications?district=a\u0001b", "/api/v1/applications?district=a b",
                "/api/v1/applications?district=\u00e9")) {
            expect(softly, target, raw(target, TestTokens.officer()), CLIENT_ERROR);
        }
        softly.assertAll();
    }

    @Test
    void anApplicantSendingHostileInputIsAnsweredTheSame() {
        SoftAssertions softly = new SoftAssertions();
        String applicant = TestTokens.applicant();
        for (Value value : HostileQueryValues.text().subList(0, 12)) {
            for (String request : List.of("/api/v1/applications?status=" + value.encoded(),
                    "/api/v1/applications?size=" + value.encoded())) {
                expect(softly, request, get(request, applicant), BAD_REQUEST);
            }
        }
        for (String id : HostileQueryValues.nonUuids().stream().map(HostileInputTest::q).toList()) {
            expect(softly, id, get("/api/v1/applications/" + id, applicant), BAD_REQUEST);
            expect(softly, id, get("/api/v1/applications/" + id + "/history", applicant), BAD_REQUEST);
        }
        // another owner's application is as unknown as one that does not exist, whatever is asked of it
        expect(softly, "someone else's", get("/api/v1/applications/" + application + "?minVersion=1", applicant),
                status -> status == 409 || status == 404);
        expect(softly, "someone else's history", get("/api/v1/applications/" + application + "/history", applicant),
                status -> status == 404);
        // authorisation answers for what an applicant may not read at all, as a problem
        expect(softly, "stats", get("/api/v1/stats?district=" + q("' OR '1'='1"), applicant), status -> status == 403);
        expect(softly, "admin", get("/admin/projections/gaps", applicant), status -> status == 403);
        softly.assertAll();
    }
}
