package id.reklame.platform.kafka;

import static id.reklame.contracts.CloudEventHeaders.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import id.reklame.contracts.EventTypes;
import id.reklame.contracts.json.ReklameJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.databind.JsonNode;

/**
 * Writes and reads events in CloudEvents binary content mode: attributes as {@code ce_} headers,
 * the data as JSON in the value, the application id as the key.
 */
public final class CloudEventCodec {

    public static ProducerRecord<String, byte[]> encode(String topic, EventMetadata metadata, Object data) {
        return encode(topic, metadata, encodeData(data));
    }

    /** For data already serialised with the project's mapping, e.g. read back from an event store. */
    public static ProducerRecord<String, byte[]> encode(String topic, EventMetadata metadata, byte[] json) {
        Headers headers = new RecordHeaders();
        put(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
        put(headers, ID, metadata.id().toString());
        put(headers, TYPE, metadata.type());
        put(headers, SOURCE, metadata.source());
        put(headers, SUBJECT, metadata.subject());
        put(headers, TIME, metadata.time().toString());
        put(headers, SEQUENCE, Long.toString(metadata.sequence()));
        put(headers, CONTENT_TYPE, JSON);
        if (metadata.traceparent() != null) {
            put(headers, TRACEPARENT, metadata.traceparent());
        }
        return new ProducerRecord<>(topic, null, metadata.subject(), json, headers);
    }

    public static byte[] encodeData(Object data) {
        return ReklameJson.mapper().writeValueAsBytes(data);
    }

    /**
     * Reads a record of one stream. Empty when its type is a later version of one this build knows (published
     * alongside the old one); an exception when it can never be read: any other unknown type, a type of another
     * stream, and data that lacks a field its schema requires (a record would read it as null, or 0).
     */
    public static <T> Optional<ReceivedEvent<T>> decode(ConsumerRecord<String, byte[]> record, Class<T> stream) {
        try {
            String type = required(record.headers(), TYPE);
            Optional<Class<?>> dataClass = EventTypes.classOf(type);
            if (dataClass.isEmpty()) {
                if (EventTypes.isLaterVersionOfKnown(type, stream)) {
                    return Optional.empty();
                }
                throw new IllegalArgumentException("unknown event type " + type);
            }
            if (!stream.isAssignableFrom(dataClass.get())) {
                throw new IllegalArgumentException(type + " does not belong on this stream");
            }
            EventMetadata metadata = new EventMetadata(
                    UUID.fromString(required(record.headers(), ID)), type,
                    required(record.headers(), SOURCE), required(record.headers(), SUBJECT),
                    Instant.parse(required(record.headers(), TIME)),
                    Long.parseLong(required(record.headers(), SEQUENCE)),
                    optional(record.headers(), TRACEPARENT));
            if (record.value() == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            // read twice: a tree to check, then the record from the bytes, so decimals keep their exact scale
            JsonNode json = ReklameJson.mapper().readTree(record.value());
            if (!json.isObject()) {
                throw new IllegalArgumentException("the data is not a JSON object");
            }
            List<String> missing = RequiredFields.missingIn(type, json);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("required fields missing: " + String.join(", ", missing));
            }
            T data = stream.cast(ReklameJson.mapper().readValue(record.value(), dataClass.get()));
            return Optional.of(new ReceivedEvent<>(metadata, data));
        } catch (RuntimeException e) {
            throw new UndecodableEventException("undecodable record at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(UTF_8));
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return value;
    }

    private static String optional(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private CloudEventCodec() {
    }
}
