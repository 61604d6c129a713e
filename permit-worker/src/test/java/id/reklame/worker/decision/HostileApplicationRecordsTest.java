package id.reklame.worker.decision;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.Topics;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import id.reklame.worker.Fixtures;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records on the applications topic that are garbage, break their event version's schema, belong to the other
 * stream, lack their CloudEvents headers, have no value or are huge are dead-lettered at once, with their key,
 * value and headers and the reason (one so near the broker's limit that the reason would not fit too is
 * dead-lettered without its value, saying where it is); none leaves a decision or a row behind, and the valid
 * event queued behind them all on the same partition is still decided. An event of a version this build does
 * not know (a newer one published alongside) is passed over without a trace.
 */
@SpringBootTest(properties = "spring.config.name=permit-worker")
@RealInfrastructureTest
class HostileApplicationRecordsTest {

    private static final String[] CLOUD_EVENT_HEADERS = {CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
            CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME,
            CloudEventHeaders.SEQUENCE, CloudEventHeaders.CONTENT_TYPE};

    @Autowired
    TopicNames topics;
    @Autowired
    JdbcClient jdbc;
    @Value("${reklame.kafka.group-id}")
    String groupId;

    /**
     * One record to send: why it is hostile, and a fragment its dead-letter reason must contain; {@code whole} when
     * the dead letter can hold its value (one at the broker's limit cannot also hold the reason).
     */
    private record Hostile(String name, UUID applicationId, ProducerRecord<String, byte[]> record, String reason,
                           boolean whole) {
    }

    /** Every record on one key, so all wait on one partition, in order, ahead of the valid one. */
    private final String key = UUID.randomUUID().toString();
    private final List<Hostile> hostile = new ArrayList<>();

    private ProducerRecord<String, byte[]> event(ApplicationEvent event) {
        ProducerRecord<String, byte[]> record = Fixtures.record(topics.applications(), event, 1, Fixtures.SUBMITTED_AT);
        return new ProducerRecord<>(record.topic(), null, key, record.value(), record.headers());
    }

    private static ProducerRecord<String, byte[]> withValue(ProducerRecord<String, byte[]> record, byte[] value) {
        return new ProducerRecord<>(record.topic(), null, record.key(), value, record.headers());
    }

    private static ProducerRecord<String, byte[]> withData(ProducerRecord<String, byte[]> record, UnaryOperator<ObjectNode> change) {
        ObjectNode data = (ObjectNode) ReklameJson.mapper().readTree(record.value());
        return withValue(record, ReklameJson.mapper().writeValueAsBytes(change.apply(data)));
    }

    /** The record with some headers removed and others set. */
    private static ProducerRecord<String, byte[]> withHeaders(ProducerRecord<String, byte[]> record, List<String> removed,
                                                              String... set) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        removed.forEach(headers::remove);
        for (int i = 0; i < set.length; i += 2) {
            headers.remove(set[i]);
            headers.add(set[i], set[i + 1].getBytes(UTF_8));
        }
        return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers);
    }

    private void hostile(String name, UUID applicationId, ProducerRecord<String, byte[]> record, String reason) {
        hostile.add(new Hostile(name, applicationId, record, reason, true));
    }

    private UUID submittedAs(String name, String reason, UnaryOperator<ProducerRecord<String, byte[]>> change) {
        UUID id = UUID.randomUUID();
        hostile(name, id, change.apply(event(Fixtures.submitted(id, Fixtures.dkiForm(-6.2, 106.8)))), reason);
        return id;
    }

    private void buildTheHostileRecords() {
        // garbage bytes
        submittedAs("garbage bytes", "undecodable record",
                r -> withValue(r, new byte[] {0, (byte) 0xFF, (byte) 0xFE, 'g', 'a', 'r', 'b', (byte) 0x80}));
        submittedAs("truncated JSON", "undecodable record", r -> withValue(r, Arrays.copyOf(r.value(), r.value().length / 2)));
        submittedAs("a JSON array", "the data is not a JSON object", r -> withValue(r, "[1,2,3]".getBytes(UTF_8)));
        submittedAs("JSON null", "the data is not a JSON object", r -> withValue(r, "null".getBytes(UTF_8)));

        // valid JSON of the wrong schema under a known type
        submittedAs("a submission without its applicant", "required fields missing: applicant",
                r -> withData(r, d -> {
                    d.remove("applicant");
                    return d;
                }));
        submittedAs("a submission without the billboard's width", "required fields missing: reklame.widthM",
                r -> withData(r, d -> {
                    ((ObjectNode) d.get("reklame")).remove("widthM");
                    return d;
                }));
        submittedAs("a submission with a width in words", "widthM", r -> withData(r, d -> {
            ((ObjectNode) d.get("reklame")).put("widthM", "wide");
            return d;
        }));
        submittedAs("a submission with a numeric application id", "applicationId", r -> withData(r, d -> d.put("applicationId", 42)));
        submittedAs("a submission with a period of the wrong shape", "period", r -> withData(r, d -> {
            d.putArray("period").add("2027-02-01").add("2027-03-02");
            return d;
        }));
        UUID paymentAsSubmission = UUID.randomUUID();
        hostile("a payment's data under the submission type", paymentAsSubmission, withValue(
                event(Fixtures.submitted(paymentAsSubmission, Fixtures.dkiForm(-6.21, 106.8))),
                ReklameJson.mapper().writeValueAsBytes(new PaymentReceived(paymentAsSubmission, "357820270100000142",
                        7_500_000, Instant.parse("2027-01-12T03:00:00Z"), "BANK-1"))),
                "required fields missing: applicant, reklame, location, period");
        UUID unpaid = UUID.randomUUID();
        hostile("a payment without its amount", unpaid, withData(event(new PaymentReceived(unpaid, "357820270100000142",
                7_500_000, Instant.parse("2027-01-12T03:00:00Z"), "BANK-2")), d -> {
                    d.remove("amount");
                    return d;
                }), "required fields missing: amount");
        UUID withdrawn = UUID.randomUUID();
        hostile("a withdrawal without its reason", withdrawn, withData(event(
                new id.reklame.contracts.application.ApplicationWithdrawn(withdrawn, "no longer needed")), d -> {
                    d.remove("reason");
                    return d;
                }), "required fields missing: reason");
        submittedAs("a submission for another application than its subject", "does not match its subject",
                r -> withData(r, d -> d.put("applicationId", UUID.randomUUID().toString())));

        // a type no version of the contracts knows (a later version of a known one is skipped instead, below)
        submittedAs("an unknown type", "unknown event type id.reklame.application.bogus.v1",
                r -> withHeaders(r, List.of(), CloudEventHeaders.TYPE, "id.reklame.application.bogus.v1"));

        // a type of the other stream
        submittedAs("a decision's type on the applications topic", "does not belong on this stream",
                r -> withHeaders(r, List.of(), CloudEventHeaders.TYPE, "id.reklame.decision.assessed.v1"));

        // missing or broken CloudEvents headers
        submittedAs("no CloudEvents headers at all", "missing header ce_type",
                r -> withHeaders(r, List.of(CLOUD_EVENT_HEADERS)));
        submittedAs("no ce_id", "missing header ce_id", r -> withHeaders(r, List.of(CloudEventHeaders.ID)));
        submittedAs("no ce_sequence", "missing header ce_sequence", r -> withHeaders(r, List.of(CloudEventHeaders.SEQUENCE)));
        submittedAs("no ce_subject", "missing header ce_subject", r -> withHeaders(r, List.of(CloudEventHeaders.SUBJECT)));
        submittedAs("a ce_sequence in words", "three", r -> withHeaders(r, List.of(), CloudEventHeaders.SEQUENCE, "three"));
        submittedAs("a ce_time that is no instant", "yesterday", r -> withHeaders(r, List.of(), CloudEventHeaders.TIME, "yesterday"));
        submittedAs("a ce_id that is no UUID", "not-a-uuid", r -> withHeaders(r, List.of(), CloudEventHeaders.ID, "not-a-uuid"));

        // no value
        submittedAs("a tombstone", "the record has no value", r -> withValue(r, null));
        submittedAs("a tombstone without headers", "missing header ce_type",
                r -> withHeaders(withValue(r, null), List.of(CLOUD_EVENT_HEADERS)));

        // huge: a submission whose content is 900 KB, below the broker's 1 MB limit for a record
        submittedAs("a 900 KB submission", "breaks the contract", r -> withData(r, d -> {
            ((ObjectNode) d.get("reklame")).put("content", "x".repeat(900 * 1024));
            return d;
        }));
        // garbage just under the limit, too large to be dead-lettered along with the reason's headers
        UUID atTheLimit = UUID.randomUUID();
        byte[] nearlyOneMegabyte = new byte[1_047_000];
        Arrays.fill(nearlyOneMegabyte, (byte) '{');
        hostile.add(new Hostile("garbage at the broker's limit", atTheLimit, withValue(
                event(Fixtures.submitted(atTheLimit, Fixtures.dkiForm(-6.24, 106.8))), nearlyOneMegabyte),
                "undecodable record", false));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private long rowsFor(String table, List<UUID> ids) {
        return jdbc.sql("select count(*) from " + table + " where application_id = any(?)")
                .param(ids.toArray(UUID[]::new)).query(Long.class).single();
    }

    @Test
    void hostileRecordsAreDeadLetteredWithTheirReasonLeaveNothingBehindAndTheValidOneBehindThemIsDecided() {
        buildTheHostileRecords();
        UUID newerVersion = UUID.randomUUID();
        ProducerRecord<String, byte[]> unknownType = withHeaders(event(Fixtures.submitted(newerVersion,
                Fixtures.dkiForm(-6.22, 106.8))), List.of(), CloudEventHeaders.TYPE, "id.reklame.application.submitted.v2");
        UUID valid = UUID.randomUUID();
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>(hostile.stream().map(Hostile::record).toList());
        all.add(unknownType);
        all.add(event(Fixtures.submitted(valid, Fixtures.dkiForm(-6.23, 106.8))));

        try (TopicProbe deadLetters = TopicProbe.on(Topics.deadLetter(topics.applications(), groupId));
             TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            TopicProbe.send(all.toArray(ProducerRecord[]::new));

            assertThat(Decisions.awaitDecision(decisions, valid, AssessedDecision.class).assessment().tax())
                    .as("the valid event behind them all is decided").isEqualTo(7_500_000);
            deadLetters.await(hostile.size(), Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> dead = deadLetters.settle(Duration.ofSeconds(1));

            assertThat(dead).as("each hostile record and nothing else, in the order sent").hasSize(hostile.size());
            SoftAssertions softly = new SoftAssertions();
            for (int i = 0; i < hostile.size(); i++) {
                Hostile sent = hostile.get(i);
                ConsumerRecord<String, byte[]> letter = dead.get(i);
                softly.assertThat(letter.key()).as("%s: its key", sent.name()).isEqualTo(key);
                if (sent.whole()) {
                    softly.assertThat(letter.value()).as("%s: its value", sent.name()).isEqualTo(sent.record().value());
                } else {
                    softly.assertThat(letter.value()).as("%s: its value left out", sent.name()).isNull();
                    softly.assertThat(header(letter, DeadLetters.VALUE_LEFT_OUT)).as("%s: where the value is", sent.name())
                            .isEqualTo("too large to dead-letter: " + sent.record().value().length + " bytes, at "
                                    + topics.applications() + "-" + ByteBuffer.wrap(letter.headers()
                                    .lastHeader("kafka_dlt-original-partition").value()).getInt() + "@" + ByteBuffer.wrap(
                                    letter.headers().lastHeader("kafka_dlt-original-offset").value()).getLong());
                }
                for (Header original : sent.record().headers()) {
                    softly.assertThat(letter.headers().lastHeader(original.key())).as("%s: header %s", sent.name(), original.key())
                            .isNotNull().extracting(Header::value).isEqualTo(original.value());
                }
                softly.assertThat(header(letter, "kafka_dlt-exception-message")).as("%s: the reason", sent.name())
                        .contains(sent.reason());
                softly.assertThat(header(letter, "kafka_dlt-original-topic")).as(sent.name()).isEqualTo(topics.applications());
                softly.assertThat(header(letter, "kafka_dlt-original-offset")).as(sent.name()).isNotNull();
            }
            softly.assertAll();

            List<UUID> traceless = new ArrayList<>(hostile.stream().map(Hostile::applicationId).toList());
            traceless.add(newerVersion);
            assertThat(decisions.settle(Duration.ofMillis(500))).as("only the valid event is decided")
                    .allSatisfy(record -> assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(valid.toString()));
            for (String table : List.of("decision", "application_state", "payment", "document_number")) {
                assertThat(rowsFor(table, traceless)).as("rows in %s for the hostile records", table).isZero();
            }
            assertThat(rowsFor("decision", List.of(valid))).isEqualTo(1);
        }
    }
}
