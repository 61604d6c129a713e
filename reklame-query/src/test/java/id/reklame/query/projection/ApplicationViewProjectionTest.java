package id.reklame.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationAssessed;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.model.*;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TestTokens;
import id.reklame.testsupport.TopicProbe;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=reklame-query", "reklame.query.min-version-wait=300ms"})
@RealInfrastructureTest
class ApplicationViewProjectionTest {

    @LocalServerPort
    int port;
    @Autowired
    TopicNames topics;

    private final HttpClient http = HttpClient.newHttpClient();

    private ProducerRecord<String, byte[]> record(UUID eventId, long version, ApplicationEvent event) {
        return CloudEventCodec.encode(topics.applications(), new EventMetadata(eventId, EventTypes.typeOf(event),
                CloudEventHeaders.COMMAND_SOURCE, event.applicationId().toString(), Instant.now(), version, null), event);
    }

    private static ApplicationSubmitted submitted(UUID id) {
        return new ApplicationSubmitted(id,
                new Applicant("PT Maju Jaya", "3578012345670001", "izin@majujaya.co.id", "+6281234567890"),
                new Reklame(ReklameType.BILLBOARD, "Kopi Nusantara", ProductCategory.GENERAL, Placement.OUTDOOR,
                        new BigDecimal("2"), new BigDecimal("4"), 1, 1, null),
                new Location("Jl. Raya Darmo 1", "Tegalsari", RoadClass.PROTOCOL, new BigDecimal("-7.2756"),
                        new BigDecimal("112.7395")),
                new Period(LocalDate.of(2099, 1, 1), LocalDate.of(2099, 1, 30)), null);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", path.startsWith("/admin") ? TestTokens.operator() : TestTokens.officer()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eventsApplyInVersionOrderAndARedeliveredEventChangesNothing() throws Exception {
        UUID id = UUID.randomUUID();
        var submitted = record(UUID.randomUUID(), 1, submitted(id));
        var assessed = record(UUID.randomUUID(), 2, new ApplicationAssessed(id, new TaxAssessment(125_000,
                new BigDecimal("8"), 30, new BigDecimal("30000000"), List.of(), 7_500_000, "SKPD-RKL/2099/000001",
                "357820990100000195", LocalDate.of(2099, 1, 1), LocalDate.of(2099, 2, 1))));

        TopicProbe.send(submitted, assessed, submitted);
        HttpResponse<String> view = get("/api/v1/applications/" + id + "?minVersion=2");

        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(view.body()).contains("\"status\":\"ASSESSED\"").contains("\"version\":2")
                .contains("\"tax\":7500000").contains("\"skpdNumber\":\"SKPD-RKL/2099/000001\"");
    }

    @Test
    void minVersionNotReachedInTimeIsA409WithTheVersionReached() throws Exception {
        UUID id = UUID.randomUUID();
        TopicProbe.send(record(UUID.randomUUID(), 1, submitted(id)));
        assertThat(get("/api/v1/applications/" + id + "?minVersion=1").statusCode()).isEqualTo(200);

        HttpResponse<String> ahead = get("/api/v1/applications/" + id + "?minVersion=5");

        assertThat(ahead.statusCode()).isEqualTo(409);
        assertThat(ahead.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ahead.body()).contains("\"version\":1");

        HttpResponse<String> notYet = get("/api/v1/applications/" + UUID.randomUUID() + "?minVersion=1");
        assertThat(notYet.statusCode()).isEqualTo(409);
        assertThat(notYet.body()).contains("\"version\":0");
    }

    @Test
    void unknownApplicationIsA404ProblemAndAMalformedIdA400() throws Exception {
        HttpResponse<String> missing = get("/api/v1/applications/" + UUID.randomUUID());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(get("/api/v1/applications/not-a-uuid").statusCode()).isEqualTo(400);
    }
}
