package id.reklame.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();

    @Test
    void aRecordProducedToACreatedTopicIsConsumedBack() throws Exception {
        String topic = "round-trip." + infrastructure.uniqueSuffix("round trip");
        infrastructure.createTopics(3, topic);

        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "application-1", "submitted")).get();
        }
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, infrastructure.uniqueSuffix("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("application-1");
            assertThat(r.value()).isEqualTo("submitted");
        });
    }

    @Test
    void topicsGetTheRequestedPartitionsAndCreatingThemAgainIsHarmless() throws Exception {
        String first = "partitions." + infrastructure.uniqueSuffix("a");
        String second = "partitions." + infrastructure.uniqueSuffix("b");
        infrastructure.createTopics(12, first, second);
        infrastructure.createTopics(12, first, second);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
            var topics = admin.describeTopics(Set.of(first, second)).allTopicNames().get();
            assertThat(topics.get(first).partitions()).hasSize(12);
            assertThat(topics.get(second).partitions()).hasSize(12);
        }
    }

    /**
     * A producer may start the moment {@code createTopics} returns: every record it sends lands, in the order it
     * sent them, however soon after creation the first batch reaches the broker. Many small batches per
     * partition are in flight at once, as they are when a service's relay starts on a new topic.
     */
    @Test
    void aProducerStartingRightAfterCreateTopicsDeliversEveryRecordInOrder() throws Exception {
        for (int round = 0; round < 20; round++) {
            String topic = "writable." + infrastructure.uniqueSuffix("writable");
            infrastructure.createTopics(12, topic);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 3_000; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 97), Integer.toString(i))));
                }
                producer.flush();
            }
            Map<Integer, Long> lastOffset = new HashMap<>();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata landed;
                try {
                    landed = sent.get(i).get();
                } catch (ExecutionException e) {
                    throw new AssertionError("round " + round + ": record " + i + " was refused", e.getCause());
                }
                long before = lastOffset.getOrDefault(landed.partition(), -1L);
                assertThat(landed.offset()).as("round %d: record %d lands after the one sent before it", round, i)
                        .isGreaterThan(before);
                lastOffset.put(landed.partition(), landed.offset());
            }
        }
    }

    @Test
    void bootstrapServersAndSuffixesHaveTheAgreedShape() {
        assertThat(infrastructure.kafkaBootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(infrastructure.uniqueSuffix("Permit Worker_Test!")).matches("permit-worker-test-\\d+-[a-z0-9]{5}");
        assertThat(infrastructure.uniqueSuffix("x")).isNotEqualTo(infrastructure.uniqueSuffix("x"));
        assertThat(infrastructure.uniqueSuffix("")).matches("[a-z0-9-]+");
    }
}
