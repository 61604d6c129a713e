package id.reklame.worker.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.Topics;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.model.*;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(properties = "spring.config.name=permit-worker")
@RealInfrastructureTest
class AssessmentDecisionTest {

    @Autowired
    TopicNames topics;
    @Value("${reklame.kafka.group-id}")
    String groupId;

    static ApplicationSubmitted dkiExample(UUID id) {
        return new ApplicationSubmitted(id,
                new Applicant("PT Maju Jaya", "3578012345670001", "izin@majujaya.co.id", "+6281234567890"),
                new Reklame(ReklameType.BILLBOARD, "Kopi Nusantara", ProductCategory.GENERAL, Placement.OUTDOOR,
                        new BigDecimal("2"), new BigDecimal("4"), 1, 1, null),
                new Location("Jl. Raya Darmo 1", "Tegalsari", RoadClass.PROTOCOL, new BigDecimal("-7.2756"),
                        new BigDecimal("112.7395")),
                new Period(LocalDate.of(2099, 1, 1), LocalDate.of(2099, 1, 30)), null);
    }

    private ProducerRecord<String, byte[]> submitted(UUID eventId, ApplicationSubmitted event) {
        return submitted(eventId, event, event.applicationId().toString());
    }

    private ProducerRecord<String, byte[]> submitted(UUID eventId, ApplicationSubmitted event, String key) {
        var record = CloudEventCodec.encode(topics.applications(), new EventMetadata(eventId, EventTypes.typeOf(event),
                CloudEventHeaders.COMMAND_SOURCE, event.applicationId().toString(), Instant.now(), 1, null), event);
        return new ProducerRecord<>(record.topic(), null, key, record.value(), record.headers());
    }

    @Test
    void submittedApplicationIsAssessedOnceEvenWhenTheEventIsRedelivered() {
        UUID applicationId = UUID.randomUUID();
        ProducerRecord<String, byte[]> event = submitted(UUID.randomUUID(), dkiExample(applicationId));

        try (TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            TopicProbe.send(event);
            ConsumerRecord<String, byte[]> first = decisions.await(1, Duration.ofSeconds(20)).getFirst();
            TopicProbe.send(event);
            ConsumerRecord<String, byte[]> again = decisions.await(2, Duration.ofSeconds(20)).get(1);

            var decision = CloudEventCodec.decode(first, PermitDecision.class).orElseThrow();
            assertThat(decision.data()).isInstanceOf(AssessedDecision.class);
            var assessed = (AssessedDecision) decision.data();
            assertThat(assessed.applicationId()).isEqualTo(applicationId);
            assertThat(assessed.applicationVersion()).isEqualTo(1);
            assertThat(assessed.assessment().tax()).isEqualTo(7_500_000);
            assertThat(assessed.assessment().skpdNumber()).matches("SKPD-RKL/\\d{4}/000001");
            assertThat(assessed.assessment().billingCode()).matches("\\d{18}");
            assertThat(assessed.assessment().dueDate()).isEqualTo(assessed.assessment().assessedOn().plusMonths(1));

            // the redelivered event yields the same decision: same id, same content, no second number
            var repeated = CloudEventCodec.decode(again, PermitDecision.class).orElseThrow();
            assertThat(repeated.metadata().id()).isEqualTo(decision.metadata().id());
            assertThat(repeated.data()).isEqualTo(decision.data());
            assertThat(decisions.settle(Duration.ofSeconds(1))).hasSize(2);
        }
    }

    @Test
    void undecodableRecordIsDeadLetteredAndThePartitionMovesOn() {
        String key = UUID.randomUUID().toString();
        try (TopicProbe deadLetters = TopicProbe.on(Topics.deadLetter(topics.applications(), groupId));
             TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            TopicProbe.send(new ProducerRecord<>(topics.applications(), key, "not an event".getBytes()));
            UUID applicationId = UUID.randomUUID();
            // same key, so same partition: it must not be stuck behind the garbage
            TopicProbe.send(submitted(UUID.randomUUID(), dkiExample(applicationId), key));

            ConsumerRecord<String, byte[]> dead = deadLetters.await(1, Duration.ofSeconds(20)).getFirst();
            assertThat(new String(dead.value())).isEqualTo("not an event");
            assertThat(dead.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
            assertThat(decisions.await(1, Duration.ofSeconds(20))).isNotEmpty();
        }
    }
}
