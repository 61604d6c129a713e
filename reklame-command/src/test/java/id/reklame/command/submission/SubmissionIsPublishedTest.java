package id.reklame.command.submission;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.TestTokens;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
class SubmissionIsPublishedTest {

    static final String FORM = """
            {
              "applicant": {"name": "PT Maju Jaya", "idNumber": "3578012345670001", "email": "izin@majujaya.co.id", "phone": "+6281234567890"},
              "reklame": {"type": "BILLBOARD", "content": "Kopi Nusantara", "productCategory": "GENERAL",
                          "placement": "OUTDOOR", "widthM": 4, "heightM": 8, "sides": 2, "units": 1, "heightAboveGroundM": 6},
              "location": {"address": "Jl. Raya Darmo 1", "district": "Tegalsari", "roadClass": "PROTOCOL",
                           "latitude": -7.2756, "longitude": 112.7395},
              "period": {"startDate": "2099-01-01", "endDate": "2099-12-31"}
            }""";

    @LocalServerPort
    int port;
    @Autowired
    TopicNames topics;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/applications"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.applicant())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptedSubmissionIsStoredAndPublishedAsACloudEvent() throws Exception {
        HttpResponse<String> response = post(FORM);

        assertThat(response.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(response.body().replaceAll(".*\"applicationId\":\"([^\"]+)\".*", "$1"));
        try (TopicProbe probe = TopicProbe.on(topics.applications())) {
            ConsumerRecord<String, byte[]> record = probe.await(1, Duration.ofSeconds(15)).stream()
                    .filter(r -> r.key().equals(id.toString())).findFirst().orElseThrow();
            var event = CloudEventCodec.decode(record, ApplicationEvent.class).orElseThrow();

            assertThat(event.data()).isInstanceOf(ApplicationSubmitted.class);
            assertThat(event.data().applicationId()).isEqualTo(id);
            assertThat(event.metadata().type()).isEqualTo("id.reklame.application.submitted.v1");
            assertThat(event.metadata().sequence()).isEqualTo(1);
            assertThat(new String(record.headers().lastHeader(CloudEventHeaders.SPEC_VERSION).value(), UTF_8)).isEqualTo("1.0");
            assertThat(new String(record.headers().lastHeader(CloudEventHeaders.SUBJECT).value(), UTF_8)).isEqualTo(id.toString());
        }
        assertThat(jdbc.sql("select count(*) from event_store where application_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from outbox").query(Long.class).single()).isZero();
    }

    @Test
    void invalidSubmissionIsRefusedAndNothingIsStored() throws Exception {
        long before = jdbc.sql("select count(*) from event_store").query(Long.class).single();

        HttpResponse<String> response = post(FORM.replace("\"sides\": 2", "\"sides\": 5")
                .replace("\"email\": \"izin@majujaya.co.id\"", "\"email\": \"not an email\""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"reklame.sides\"").contains("\"field\":\"applicant.email\"");
        assertThat(jdbc.sql("select count(*) from event_store").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void unknownFieldAndMalformedJsonAreBadRequests() throws Exception {
        assertThat(post(FORM.replace("\"sides\": 2", "\"sides\": 2, \"colour\": \"red\"")).statusCode()).isEqualTo(400);
        HttpResponse<String> malformed = post("{\"applicant\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
