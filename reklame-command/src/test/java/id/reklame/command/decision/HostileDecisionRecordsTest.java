package id.reklame.command.decision;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.command.support.CommandApi;
import id.reklame.command.support.History;
import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.Topics;
import id.reklame.contracts.application.ApplicationAssessed;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Records on the decisions topic that are garbage, have fields of the wrong type, lack a required field, belong
 * to the other stream or lack their CloudEvents headers are dead-lettered with the reason, change no application,
 * and do not hold up the decision behind them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
class HostileDecisionRecordsTest {

    @LocalServerPort
    int port;
    @Autowired
    EventStore store;
    @Autowired
    TopicNames topics;
    @Value("${reklame.kafka.group-id}")
    String groupId;

    private ProducerRecord<String, byte[]> withHeadersOf(AssessedDecision decision, byte[] value) {
        ProducerRecord<String, byte[]> valid = CloudEventCodec.encode(topics.decisions(), new EventMetadata(UUID.randomUUID(),
                EventTypes.typeOf(decision), CloudEventHeaders.WORKER_SOURCE, decision.applicationId().toString(),
                Instant.now(), decision.applicationVersion(), null), decision);
        return new ProducerRecord<>(valid.topic(), null, valid.key(), value, valid.headers());
    }

    private ProducerRecord<String, byte[]> without(ProducerRecord<String, byte[]> record, String... headers) {
        RecordHeaders kept = new RecordHeaders(record.headers().toArray());
        for (String header : headers) {
            kept.remove(header);
        }
        if (kept.lastHeader(CloudEventHeaders.ID) != null) { // an event of its own, not the valid one again
            kept.remove(CloudEventHeaders.ID);
            kept.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(UTF_8));
        }
        return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), kept);
    }

    @Test
    void garbageWrongSchemaAndHeaderlessDecisionsAreDeadLetteredAndChangeNothing() throws Exception {
        UUID id = new CommandApi(port).submitted();
        AssessedDecision decision = new AssessedDecision(id, 1, History.assessment());
        ProducerRecord<String, byte[]> valid = withHeadersOf(decision, CloudEventCodec.encodeData(decision));
        String idText = id.toString();
        List<ProducerRecord<String, byte[]>> hostile = new ArrayList<>(List.of(
                withHeadersOf(decision, new byte[] {0, (byte) 0xFF, (byte) 0xFE, 'g', 'a', 'r', 'b'}),
                withHeadersOf(decision, "{\"applicationId\":\"%s\",\"applicationVersion\":\"one\",\"assessment\":5}"
                        .formatted(idText).getBytes(UTF_8)),
                withHeadersOf(decision, "[1,2,3]".getBytes(UTF_8)),
                withHeadersOf(decision, "{\"applicationId\":\"%s\",\"applicationVersion\":1}".formatted(idText).getBytes(UTF_8)),
                withHeadersOf(decision, null),
                without(valid, CloudEventHeaders.TYPE, CloudEventHeaders.ID, CloudEventHeaders.SOURCE,
                        CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME, CloudEventHeaders.SEQUENCE,
                        CloudEventHeaders.SPEC_VERSION, "content-type"),
                without(valid, CloudEventHeaders.ID),
                without(valid, CloudEventHeaders.SEQUENCE)));
        // an event of the other stream, sent here
        ProducerRecord<String, byte[]> stranger = withHeadersOf(decision, CloudEventCodec.encodeData(
                ApplicationSubmitted.of(id, CommandApiForms.form(), "someone")));
        stranger.headers().remove(CloudEventHeaders.TYPE);
        stranger.headers().add(CloudEventHeaders.TYPE, EventTypes.typeOf(ApplicationSubmitted.of(id, CommandApiForms.form(),
                "someone")).getBytes(UTF_8));
        hostile.add(stranger);
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>(hostile);
        all.add(valid);

        TopicProbe.send(all.toArray(ProducerRecord[]::new));

        try (TopicProbe deadLetters = TopicProbe.on(Topics.deadLetter(topics.decisions(), groupId))) {
            deadLetters.await(hostile.size(), Duration.ofSeconds(60));
            List<ConsumerRecord<String, byte[]>> dead = deadLetters.settle(Duration.ofSeconds(2));
            assertThat(dead).as("each hostile record, and nothing else, dead-lettered: %s", reasons(dead))
                    .hasSize(hostile.size()).allSatisfy(record -> {
                        assertThat(record.key()).isEqualTo(idText);
                        assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).as("the reason").isNotNull();
                    });
            assertThat(dead).as("the valid decision, with all its headers, is not among them")
                    .allSatisfy(record -> assertThat(record.headers().lastHeader(CloudEventHeaders.ID))
                            .satisfiesAnyOf(ceId -> assertThat(ceId).isNull(), ceId -> assertThat(ceId.value())
                                    .isNotEqualTo(valid.headers().lastHeader(CloudEventHeaders.ID).value())));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.load(id).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(store.load(id).stream().map(StoredEvent::event).toList())
                .as("only the valid decision changed the application")
                .hasSize(2).last().isInstanceOf(ApplicationAssessed.class)
                .extracting(event -> ((ApplicationAssessed) event).assessment()).isEqualTo(History.assessment());
    }

    private static List<String> reasons(List<ConsumerRecord<String, byte[]>> dead) {
        return dead.stream().map(record -> record.headers().lastHeader("kafka_dlt-exception-message"))
                .map(header -> header == null ? "(no reason)" : new String(header.value(), UTF_8)).toList();
    }

    /** The application form of the API examples, as a record. */
    static final class CommandApiForms {
        static id.reklame.contracts.model.ApplicationForm form() {
            return id.reklame.contracts.json.ReklameJson.mapper().readValue(CommandApi.FORM,
                    id.reklame.contracts.model.ApplicationForm.class);
        }
    }
}
