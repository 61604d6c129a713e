package id.reklame.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class PrivateKafkaBrokerTest {

    @Test
    void stoppedBrokerRefusesWritesAndRestartedOneHasItsRecordsOnTheSamePort() throws Exception {
        try (PrivateKafkaBroker broker = PrivateKafkaBroker.start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000,
                     ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000), new StringSerializer(), new ByteArraySerializer())) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopics(1, "outage");
            producer.send(new ProducerRecord<>("outage", "k", "before".getBytes(UTF_8))).get(10, TimeUnit.SECONDS);

            broker.stop();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("outage", "k", "during".getBytes(UTF_8)))
                    .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

            broker.restart();
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            producer.send(new ProducerRecord<>("outage", "k", "after".getBytes(UTF_8))).get(30, TimeUnit.SECONDS);
            assertThat(values(bootstrap, 2)).containsExactly("before", "after");
        }
    }

    private static List<String> values(String bootstrap, int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition("outage", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), UTF_8));
                }
            }
            return values;
        }
    }
}
