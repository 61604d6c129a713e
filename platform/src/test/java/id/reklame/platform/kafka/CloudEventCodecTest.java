package id.reklame.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.decision.RejectedDecision;
import id.reklame.contracts.json.ReklameJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Records read back: every event version's golden sample decodes, and data lacking a field its schema requires does not. */
class CloudEventCodecTest {

    private static final String TOPIC = "reklame.test.v1";

    private static JsonNode resource(String path) {
        try (InputStream in = CloudEventCodecTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return ReklameJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode sample(String type) {
        return (ObjectNode) resource("samples/" + type + ".json");
    }

    private static Class<?> streamOf(String type) {
        return type.startsWith("id.reklame.application.") ? ApplicationEvent.class : PermitDecision.class;
    }

    /** A record as the producer would write it, with the given data bytes under the given type. */
    private static ConsumerRecord<String, byte[]> record(String type, byte[] value) {
        UUID subject = UUID.randomUUID();
        ProducerRecord<String, byte[]> sent = CloudEventCodec.encode(TOPIC, new EventMetadata(UUID.randomUUID(), type,
                CloudEventHeaders.COMMAND_SOURCE, subject.toString(), Instant.parse("2027-01-10T03:00:00Z"), 3, null), value);
        return new ConsumerRecord<>(TOPIC, 4, 17, 0L, TimestampType.CREATE_TIME, 0, value == null ? 0 : value.length,
                sent.key(), value, new RecordHeaders(sent.headers().toArray()), java.util.Optional.empty());
    }

    private static ConsumerRecord<String, byte[]> record(String type, JsonNode data) {
        return record(type, ReklameJson.mapper().writeValueAsBytes(data));
    }

    private static Object decoded(String type, JsonNode data) {
        return CloudEventCodec.decode(record(type, data), streamOf(type)).orElseThrow().data();
    }

    @Test
    void everyGoldenSampleDecodesToItsRecord() {
        for (String type : EventTypes.all().keySet()) {
            assertThat(decoded(type, sample(type))).as(type).isInstanceOf(EventTypes.classOf(type).orElseThrow());
        }
    }

    @Test
    void dataWithoutAFieldItsSchemaRequiresIsUndecodableForEveryEventVersion() {
        int checked = 0;
        for (String type : EventTypes.all().keySet()) {
            List<String> required = new ArrayList<>();
            resource("schemas/" + type + ".schema.json").get("required").forEach(name -> required.add(name.asString()));
            assertThat(required).as("%s requires something", type).isNotEmpty();
            for (String field : required) {
                ObjectNode without = sample(type);
                without.remove(field);
                assertThatThrownBy(() -> decoded(type, without)).as("%s without %s", type, field)
                        .isInstanceOf(UndecodableEventException.class)
                        .hasMessageContaining("required fields missing: " + field);

                ObjectNode withNull = sample(type);
                withNull.putNull(field);
                assertThatThrownBy(() -> decoded(type, withNull)).as("%s with %s null", type, field)
                        .isInstanceOf(UndecodableEventException.class)
                        .hasMessageContaining("required fields missing: " + field);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void aMissingNumberIsRefusedRatherThanReadAsZero() {
        String type = EventTypes.typeOf(new PaymentReceived(UUID.randomUUID(), "1", 1, Instant.EPOCH, "r"));
        ObjectNode payment = sample(type);
        payment.remove("amount");

        assertThatThrownBy(() -> decoded(type, payment)).isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("amount");
    }

    @Test
    void aMissingFieldInsideANestedObjectOrAnArrayItemIsNamedByItsPath() {
        String submitted = "id.reklame.application.submitted.v1";
        ObjectNode form = sample(submitted);
        ((ObjectNode) form.get("reklame")).remove("widthM");
        ((ObjectNode) form.get("period")).putNull("endDate");
        assertThatThrownBy(() -> decoded(submitted, form)).isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("reklame.widthM").hasMessageContaining("period.endDate");

        String rejected = EventTypes.typeOf(new RejectedDecision(UUID.randomUUID(), 1, List.of(
                new id.reklame.contracts.model.Reason("X", "x"))));
        ObjectNode decision = sample(rejected);
        ((ObjectNode) decision.get("reasons").get(1)).remove("code");
        ((ArrayNode) decision.get("reasons")).addNull();
        assertThatThrownBy(() -> decoded(rejected, decision)).isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("reasons[1].code").hasMessageContaining("reasons[2]");
    }

    @Test
    void optionalFieldsMayBeAbsentAndUnknownFieldsAreIgnored() {
        String submitted = "id.reklame.application.submitted.v1";
        ObjectNode form = sample(submitted);
        form.remove("renewalOf");
        form.remove("owner");
        form.put("addedInALaterBuild", "ignored");
        ((ObjectNode) form.get("reklame")).put("widthM", new BigDecimal("2.50"));

        ApplicationSubmitted event = (ApplicationSubmitted) decoded(submitted, form);
        assertThat(event.renewalOf()).isNull();
        assertThat(event.owner()).isNull();
        assertThat(event.reklame().widthM()).as("exactly as sent").isEqualTo(new BigDecimal("2.50"));
    }

    @Test
    void dataThatIsNotAnObjectOrNotJsonIsUndecodable() {
        String submitted = "id.reklame.application.submitted.v1";
        for (String value : List.of("[1,2,3]", "null", "42", "\"text\"")) {
            assertThatThrownBy(() -> CloudEventCodec.decode(record(submitted, value.getBytes(UTF_8)), ApplicationEvent.class))
                    .as(value).isInstanceOf(UndecodableEventException.class).hasMessageContaining("the data is not a JSON object");
        }
        for (String value : List.of("", "{\"applicationId\":", "{}{}", "\u0000\u00ff")) {
            assertThatThrownBy(() -> CloudEventCodec.decode(record(submitted, value.getBytes(UTF_8)), ApplicationEvent.class))
                    .as(value).isInstanceOf(UndecodableEventException.class);
        }
        assertThatThrownBy(() -> CloudEventCodec.decode(record(submitted, (byte[]) null), ApplicationEvent.class))
                .isInstanceOf(UndecodableEventException.class).hasMessageContaining("no value");
    }

    @Test
    void aTypeThisBuildDoesNotKnowIsPassedOver() {
        assertThat(CloudEventCodec.decode(record("id.reklame.application.submitted.v2", "{}".getBytes(UTF_8)),
                ApplicationEvent.class)).isEmpty();
    }

    @Test
    void decimalsKeepTheirExactScale() {
        String type = "id.reklame.application.submitted.v1";
        String json = ReklameJson.mapper().writeValueAsString(sample(type))
                .replace("\"widthM\":4", "\"widthM\":4.50").replace("\"heightM\":8", "\"heightM\":8.0");

        ApplicationSubmitted submitted = (ApplicationSubmitted) CloudEventCodec.decode(record(type, json.getBytes(UTF_8)),
                ApplicationEvent.class).orElseThrow().data();

        assertThat(submitted.reklame().widthM()).isEqualByComparingTo("4.5").extracting(BigDecimal::scale).isEqualTo(2);
        assertThat(submitted.reklame().heightM().scale()).isEqualTo(1);
    }

    @Test
    void everyTimeReadsAsInstantParseReadsIt() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            String text = instant.toString();
            int cut = random.nextInt(10); // 0 to 9 fraction digits
            int dot = text.indexOf('.');
            String trimmed = dot < 0 ? text : cut == 0 ? text.substring(0, dot) + "Z"
                    : text.substring(0, Math.min(text.length() - 1, dot + 1 + cut)) + "Z";
            assertThat(CloudEventCodec.instant(trimmed)).as(trimmed).isEqualTo(Instant.parse(trimmed));
        }
        for (String odd : List.of("2027-01-10T03:00:00z", "2027-01-10t03:00:00Z", "2027-01-10T03:00:00+07:00",
                "+12027-01-10T03:00:00Z", "2027-01-10T03:00:00.123456789Z", "2016-12-31T23:59:60Z", "2027-01-10T03:00:00.5Z",
                "2027-01-10T24:00:00Z", "2027-01-10T03:00:00.Z")) {
            assertThat(CloudEventCodec.instant(odd)).as(odd).isEqualTo(Instant.parse(odd));
        }
        for (String bad : List.of("2027-02-30T03:00:00Z", "2027-13-10T03:00:00Z",
                "2027-01-10T03:60:00Z", "2027-01-10T03:00:00.1234567890Z", "2027-0a-10T03:00:00Z",
                "2027-01-10 03:00:00Z", "", "yesterday")) {
            assertThatThrownBy(() -> CloudEventCodec.instant(bad)).as(bad).isInstanceOf(java.time.DateTimeException.class);
            assertThatThrownBy(() -> Instant.parse(bad)).as(bad).isInstanceOf(java.time.DateTimeException.class);
        }
    }
}
