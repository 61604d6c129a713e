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
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.RevisionRequested;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PaymentAcceptedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.decision.RevisionRequiredDecision;
import id.reklame.contracts.model.Reason;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Decisions from the worker, through the real broker: recorded only when current and fitting, never blocking. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
class DecisionConsumerTest {

    @LocalServerPort
    int port;
    @Autowired
    EventStore store;
    @Autowired
    TopicNames topics;
    @Autowired
    MeterRegistry meters;
    @Value("${reklame.kafka.group-id}")
    String groupId;

    CommandApi api;

    @BeforeEach
    void setUp() {
        api = new CommandApi(port);
    }

    private ProducerRecord<String, byte[]> decision(PermitDecision decision) {
        return CloudEventCodec.encode(topics.decisions(), new EventMetadata(UUID.randomUUID(), EventTypes.typeOf(decision),
                CloudEventHeaders.WORKER_SOURCE, decision.applicationId().toString(), Instant.now(),
                decision.applicationVersion(), null), decision);
    }

    private double count(String outcome) {
        return meters.get("reklame.decisions").tag("outcome", outcome).counter().count();
    }

    private List<ApplicationEvent> events(UUID id) {
        return store.load(id).stream().map(StoredEvent::event).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void decisionOnTheCurrentVersionBecomesItsNextEventAndARedeliveryChangesNothing() throws Exception {
        UUID id = api.submitted();
        ProducerRecord<String, byte[]> assessed = decision(new AssessedDecision(id, 1, History.assessment()));
        double duplicates = count("duplicate");

        TopicProbe.send(assessed);
        await("the assessment recorded", () -> events(id).size() == 2);
        TopicProbe.send(assessed); // the same record again: the same ce_id
        await("the redelivery counted", () -> count("duplicate") > duplicates);

        assertThat(events(id)).hasSize(2).last().isEqualTo(new ApplicationAssessed(id, History.assessment()));
    }

    @Test
    void decisionMadeOnAVersionThatIsNoLongerCurrentIsDroppedAndCounted() throws Exception {
        UUID id = api.submitted();
        api.revise(id, CommandApi.revisedForm("revised"), "If-Match", "\"1\"");
        double stale = count("stale");

        TopicProbe.send(decision(new RevisionRequiredDecision(id, 1, List.of(new Reason("SIZE_EXCEEDED", "too big")))));

        await("the stale decision counted", () -> count("stale") > stale);
        assertThat(events(id)).hasSize(2).noneMatch(RevisionRequested.class::isInstance);
    }

    @Test
    void decisionThatDoesNotFitTheStatusIsDroppedAndCounted() throws Exception {
        UUID id = api.submitted();
        double invalid = count("invalid");

        TopicProbe.send(decision(new PaymentAcceptedDecision(id, 1, "PAY-1", "IPR-RKL/2099/000001",
                LocalDate.of(2099, 1, 1), LocalDate.of(2099, 12, 31))));

        await("the invalid decision counted", () -> count("invalid") > invalid);
        assertThat(events(id)).hasSize(1);
    }

    @Test
    void decisionForAnUnknownApplicationIsDroppedAndCounted() throws Exception {
        double unknown = count("unknown_application");

        TopicProbe.send(decision(new AssessedDecision(UUID.randomUUID(), 1, History.assessment())));

        await("the unknown application counted", () -> count("unknown_application") > unknown);
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndTheDecisionsBehindItAreRecorded() throws Exception {
        UUID id = api.submitted();
        // the same key, so the same partition, and in front of the valid decision
        ProducerRecord<String, byte[]> unreadable = new ProducerRecord<>(topics.decisions(), id.toString(),
                "{not json".getBytes(UTF_8));
        unreadable.headers().add(CloudEventHeaders.TYPE, EventTypes.typeOf(new AssessedDecision(id, 1, History.assessment())).getBytes(UTF_8));

        TopicProbe.send(unreadable, decision(new AssessedDecision(id, 1, History.assessment())));

        await("the decision behind the unreadable record recorded", () -> events(id).size() == 2);
        try (TopicProbe deadLetters = TopicProbe.on(Topics.deadLetter(topics.decisions(), groupId))) {
            assertThat(deadLetters.await(1, Duration.ofSeconds(30))).anySatisfy(record -> {
                assertThat(record.key()).isEqualTo(id.toString());
                assertThat(new String(record.value(), UTF_8)).isEqualTo("{not json");
            });
        }
    }
}
