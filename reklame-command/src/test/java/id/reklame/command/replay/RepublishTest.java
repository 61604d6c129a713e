package id.reklame.command.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import id.reklame.command.CommandApplication;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.TestTokens;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepublishTest {

    @LocalServerPort
    int port;
    @Autowired
    TopicNames topics;
    @Autowired
    Environment environment;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> applications = new ArrayList<>();
    /** What the outbox relay published, by application id. */
    private final Map<String, ConsumerRecord<String, byte[]>> published = new LinkedHashMap<>();

    @BeforeAll
    void threeSubmittedAndPublishedApplications() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/applications"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", TestTokens.applicant())
                    .POST(HttpRequest.BodyPublishers.ofString(application(i))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            applications.add(JsonPath.parse(accepted.body()).read("$.applicationId"));
        }
        try (TopicProbe probe = TopicProbe.on(topics.applications())) {
            probe.await(3, Duration.ofSeconds(30)).forEach(r -> published.put(r.key(), r));
        }
    }

    private static String application(int i) {
        return """
                {"applicant": {"name": "PT Maju Jaya %d", "idNumber": "3578012345670001", "email": "izin@majujaya.co.id",
                               "phone": "+6281234567890"},
                 "reklame": {"type": "BILLBOARD", "content": "Kopi Nusantara", "productCategory": "GENERAL",
                             "placement": "OUTDOOR", "widthM": 2, "heightM": 4, "sides": 1, "units": 1},
                 "location": {"address": "Jl. Raya Darmo %d", "district": "Tegalsari", "roadClass": "PROTOCOL",
                              "latitude": -7.2756, "longitude": 112.7395},
                 "period": {"startDate": "2099-01-01", "endDate": "2099-01-30"}}""".formatted(i, i);
    }

    private record Run(int status, String out, String err) {
    }

    private String[] settings() {
        return Stream.of("spring.datasource.url", "spring.datasource.username",
                        "spring.datasource.password", "spring.kafka.bootstrap-servers", "reklame.topics.applications",
                        "reklame.topics.decisions")
                .map(name -> "--" + name + "=" + environment.getProperty(name)).toArray(String[]::new);
    }

    @Test
    void theRepublishProcessNeverMigratesTheDatabase() {
        try (ConfigurableApplicationContext context = Republish.context(settings())) {
            assertThat(context.getEnvironment().getProperty("spring.flyway.enabled")).isEqualTo("false");
            assertThat(context.getBeanNamesForType(Flyway.class)).isEmpty();
        }
    }

    private Run republish(String... selection) {
        String[] settings = settings();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        String[] args = Stream.concat(Arrays.stream(selection), Arrays.stream(settings)).toArray(String[]::new);
        int status = Republish.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    private List<ConsumerRecord<String, byte[]>> republishedAfter(Run run, int count) {
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        try (TopicProbe probe = TopicProbe.on(topics.applications())) {
            List<ConsumerRecord<String, byte[]>> all = probe.await(3 + count, Duration.ofSeconds(30));
            assertThat(probe.settle(Duration.ofMillis(500))).hasSize(3 + count);
            return all.stream().filter(r -> !published.values().stream().anyMatch(p -> same(p, r) && p.offset() == r.offset()
                    && p.partition() == r.partition())).toList();
        }
    }

    /** Same key, value and headers, header by header. */
    private static boolean same(ConsumerRecord<String, byte[]> a, ConsumerRecord<String, byte[]> b) {
        return a.key().equals(b.key()) && Arrays.equals(a.value(), b.value())
                && headers(a).equals(headers(b));
    }

    private static List<String> headers(ConsumerRecord<String, byte[]> record) {
        return Arrays.stream(record.headers().toArray()).map(h -> h.key() + "=" + new String(h.value(), UTF_8)).toList();
    }

    @Test
    void republishesEventsAsTheyWereFirstPublishedWithTheirOriginalId() {
        String second = applications.get(1);
        long position = jdbc.sql("select position from event_store where application_id = ?::uuid").param(applications.get(2))
                .query(Long.class).single();

        List<ConsumerRecord<String, byte[]>> again = republishedAfter(republish("--application", second), 1);
        assertThat(again).singleElement().satisfies(r -> {
            assertThat(same(r, published.get(second))).as(headers(r) + " vs " + headers(published.get(second))).isTrue();
            assertThat(headers(r)).anyMatch(h -> h.startsWith("ce_id="));
        });

        List<ConsumerRecord<String, byte[]>> byPosition = republishedAfter(
                republish("--from-position", Long.toString(position), "--to-position", Long.toString(position)), 2);
        assertThat(byPosition).anySatisfy(r -> assertThat(same(r, published.get(applications.get(2)))).isTrue());

        Run byTime = republish("--from-time=2000-01-01T00:00:00Z", "--to-time=" + Instant.now().plusSeconds(60));
        assertThat(byTime.out()).contains("republished 3 event(s)");
        List<ConsumerRecord<String, byte[]>> all = republishedAfter(byTime, 5);
        for (String id : applications) {
            assertThat(all.stream().filter(r -> r.key().equals(id) && same(r, published.get(id)))).isNotEmpty();
        }
    }

    @Test
    void aDryRunOnlyCounts() {
        Run dry = republish("--all", "--dry-run");

        assertThat(dry.status()).isZero();
        assertThat(dry.out()).contains("would republish");
        assertThat(republish("--from-time=2999-01-01T00:00:00Z", "--dry-run").out()).contains("would republish 0 event(s)");
    }

    @Test
    void aSelectionThatIsNotExactlyOneIsRefused() {
        assertThat(republish().status()).isEqualTo(2);
        assertThat(republish("--all", "--application", applications.getFirst()).status()).isEqualTo(2);
        assertThat(republish("--application", "not-an-id").status()).isEqualTo(2);
        assertThat(republish("--from-position", "9", "--to-position", "3").status()).isEqualTo(2);
        Run unknown = republish("--everything");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("usage: republish");
    }
}
