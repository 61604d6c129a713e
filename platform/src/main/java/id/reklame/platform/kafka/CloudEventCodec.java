package id.reklame.platform.kafka;

import static id.reklame.contracts.CloudEventHeaders.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import id.reklame.contracts.EventTypes;
import id.reklame.contracts.json.ReklameJson;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
            Attributes attributes = Attributes.of(record.headers());
            String type = required(TYPE, attributes.type);
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
                    UUID.fromString(required(ID, attributes.id)), type,
                    required(SOURCE, attributes.source), required(SUBJECT, attributes.subject),
                    instant(required(TIME, attributes.time)),
                    Long.parseLong(required(SEQUENCE, attributes.sequence)),
                    text(attributes.traceparent));
            if (record.value() == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            // parsed once: the tree is checked, then bound; its decimals are exact (USE_BIG_DECIMAL_FOR_FLOATS, and
            // Jackson 3 keeps their scale)
            JsonNode json = ReklameJson.mapper().readTree(record.value());
            if (!json.isObject()) {
                throw new IllegalArgumentException("the data is not a JSON object");
            }
            List<String> missing = RequiredFields.missingIn(type, json);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("required fields missing: " + String.join(", ", missing));
            }
            T data = stream.cast(ReklameJson.mapper().treeToValue(json, dataClass.get()));
            return Optional.of(new ReceivedEvent<>(metadata, data));
        } catch (RuntimeException e) {
            throw new UndecodableEventException("undecodable record at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    /** The attributes a record's headers carry, read in one pass; the last of each name counts, as with lastHeader. */
    private static final class Attributes {
        private Header id;
        private Header type;
        private Header source;
        private Header subject;
        private Header time;
        private Header sequence;
        private Header traceparent;

        static Attributes of(Headers headers) {
            Attributes attributes = new Attributes();
            for (Header header : headers) {
                switch (header.key()) {
                    case ID -> attributes.id = header;
                    case TYPE -> attributes.type = header;
                    case SOURCE -> attributes.source = header;
                    case SUBJECT -> attributes.subject = header;
                    case TIME -> attributes.time = header;
                    case SEQUENCE -> attributes.sequence = header;
                    case TRACEPARENT -> attributes.traceparent = header;
                    default -> {
                    }
                }
            }
            return attributes;
        }
    }

    /**
     * A {@code ce_time}: what {@link Instant#toString()} writes (UTC, "Z", 0 to 9 fraction digits) is read
     * without a formatter; anything else goes to {@link Instant#parse}, which reads it or says why not.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > 20 && (length == 21 || text.charAt(19) != '.'))) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = length > 20 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || nanos < 0) {
            return Instant.parse(text);
        }
        for (int places = Math.max(0, length - 21); places < 9; places++) { // "…:00Z" has no fraction: 0 stays 0
            nanos *= 10;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Instant.parse(text);
        }
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The decimal number in text[from, to), or -1 if a character there is no digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String required(String name, Header header) {
        String value = text(header);
        if (value == null) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return value;
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(UTF_8));
    }

    private CloudEventCodec() {
    }
}
