package id.reklame.bench.e2e;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records no consumer can take, sent on purpose to the topics the services read: bytes that are not
 * JSON under a proper CloudEvents type, and JSON without any CloudEvents header. Each carries a
 * {@value #HEADER} header so the final check can tell them from anything else on a dead-letter topic.
 */
final class Poison {

    static final String HEADER = "bench-poison";

    /** The groups that read each topic, and so whose dead-letter topic each poison record must reach. */
    static final Map<String, List<String>> READERS = Map.of(
            Topics.APPLICATIONS, List.of("permit-worker", "reklame-query"),
            Topics.PERMIT_DECISIONS, List.of("reklame-command"));

    private final String bootstrap;
    final Map<String, Set<String>> sent = new ConcurrentHashMap<>();

    Poison(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void send() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            Random random = new Random();
            for (String topic : READERS.keySet()) {
                String type = topic.equals(Topics.APPLICATIONS) ? "id.reklame.application.submitted.v1" : "id.reklame.decision.assessed.v1";
                byte[] garbage = new byte[64];
                random.nextBytes(garbage);
                send(producer, topic, garbage, type);
                send(producer, topic, "{\"applicationId\":\"not a uuid\"}".getBytes(StandardCharsets.UTF_8), null);
            }
            producer.flush();
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, String type) {
        String id = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        var record = new ProducerRecord<byte[], byte[]>(topic, key.getBytes(StandardCharsets.UTF_8), value);
        record.headers().add(new RecordHeader(HEADER, id.getBytes(StandardCharsets.UTF_8)));
        if (type != null) {
            for (var header : List.of(
                    Map.entry(CloudEventHeaders.SPEC_VERSION, "1.0"), Map.entry(CloudEventHeaders.ID, id),
                    Map.entry(CloudEventHeaders.TYPE, type), Map.entry(CloudEventHeaders.SOURCE, "/bench"),
                    Map.entry(CloudEventHeaders.SUBJECT, key), Map.entry(CloudEventHeaders.SEQUENCE, "1"),
                    Map.entry(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON))) {
                record.headers().add(new RecordHeader(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8)));
            }
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send poison to " + topic, e);
        }
        sent.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(id);
    }

    List<String> expectedTopics() {
        List<String> topics = new ArrayList<>();
        READERS.forEach((topic, groups) -> groups.forEach(group -> topics.add(Topics.deadLetter(topic, group))));
        return topics;
    }
}
