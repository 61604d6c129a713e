package id.reklame.worker.decision;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.Topics;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.ReklameType;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import id.reklame.worker.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Records that can never be decided go to the group's dead-letter topic with the cause in headers,
 * and the partition keeps moving. This city's reference data lacks the STIKER tariffs (a data file
 * of the test), so a sticker application fails every time it is tried.
 */
@SpringBootTest(properties = {"spring.config.name=permit-worker",
        "spring.flyway.locations=classpath:db/permit-worker,classpath:db/test-data/without-stiker-tariff"})
@RealInfrastructureTest
class PoisonRecordTest {

    @Autowired
    TopicNames topics;
    @Value("${reklame.kafka.group-id}")
    String groupId;

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ProducerRecord<String, byte[]> submittedWithKey(UUID applicationId, ApplicationForm form, String key) {
        var record = Fixtures.record(topics.applications(), Fixtures.submitted(applicationId, form), 1, Fixtures.SUBMITTED_AT);
        return new ProducerRecord<>(record.topic(), null, key, record.value(), record.headers());
    }

    @Test
    void aRecordThatKeepsFailingIsRetriedThenDeadLetteredAndTheRecordsBehindItAreDecided() {
        UUID sticker = UUID.randomUUID();
        UUID billboard = UUID.randomUUID();
        var base = Fixtures.dkiForm(-6.3, 106.8);
        var stickerForm = new ApplicationForm(base.applicant(), new Reklame(ReklameType.STIKER, "Promo", base.reklame().productCategory(),
                base.reklame().placement(), new BigDecimal("0.5"), new BigDecimal("0.5"), 1, 1, null), base.location(), base.period());
        String key = sticker.toString(); // both on one partition: the billboard waits behind the sticker
        long started = System.nanoTime();
        try (TopicProbe deadLetters = TopicProbe.on(Topics.deadLetter(topics.applications(), groupId));
             TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            TopicProbe.send(submittedWithKey(sticker, stickerForm, key), submittedWithKey(billboard, Fixtures.dkiForm(-6.31, 106.8), key));

            ConsumerRecord<String, byte[]> dead = deadLetters.await(1, Duration.ofSeconds(30)).getFirst();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("retried with backoff first")
                    .isGreaterThan(Duration.ofMillis(1_000));
            assertThat(dead.key()).isEqualTo(key);
            assertThat(header(dead, "ce_subject")).isEqualTo(sticker.toString());
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("no tariff for STIKER");
            assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(topics.applications());
            assertThat(Decisions.awaitDecision(decisions, billboard, AssessedDecision.class).assessment().tax()).isEqualTo(7_500_000);
            assertThat(Decisions.allFor(decisions, sticker, Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void anEventThatBreaksTheContractIsDeadLetteredAtOnce() {
        UUID invalid = UUID.randomUUID();
        var base = Fixtures.dkiForm(-6.4, 106.8);
        var tooWide = new ApplicationForm(base.applicant(), new Reklame(ReklameType.BILLBOARD, "x", base.reklame().productCategory(),
                base.reklame().placement(), new BigDecimal("80"), new BigDecimal("4"), 1, 1, null), base.location(), base.period());
        try (TopicProbe deadLetters = TopicProbe.on(Topics.deadLetter(topics.applications(), groupId))) {
            TopicProbe.send(submittedWithKey(invalid, tooWide, invalid.toString()));

            var dead = Decisions.awaitRecord(deadLetters, r -> invalid.toString().equals(r.key()));
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("breaks the contract").contains("reklame.widthM");
        }
    }
}
