package id.reklame.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.testsupport.RealInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Readiness sees the broker; the lag gauge counts what a group has not committed, as the broker sees it. */
class BrokerHealthAndLagTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();

    @Test
    void aReachableBrokerIsUpWithItsCluster() {
        var health = new KafkaHealthIndicator(admin(infrastructure.kafkaBootstrapServers()), Duration.ofSeconds(5));
        try {
            var result = health.health(true);
            assertThat(result.getStatus()).isEqualTo(Status.UP);
            assertThat(result.getDetails()).containsKey("clusterId").containsEntry("nodes", 1);
        } finally {
            health.destroy();
        }
    }

    @Test
    void anUnreachableBrokerIsDownWithinTheTimeout() {
        var health = new KafkaHealthIndicator(admin("127.0.0.1:1"), Duration.ofMillis(500));
        try {
            long started = System.nanoTime();
            assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            health.destroy();
        }
    }

    @Test
    void lagIsWhatTheGroupHasNotCommittedOverAllPartitions() throws Exception {
        String topic = "lag." + infrastructure.uniqueSuffix("lag");
        String group = "lag-group." + infrastructure.uniqueSuffix("lag");
        infrastructure.createTopics(2, topic);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", infrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer());
             Admin admin = Admin.create(admin(infrastructure.kafkaBootstrapServers()))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i)).get();
            }
            // partition 0 holds 3 records, partition 1 holds 2: the group has done 1 and 2 of them
            admin.alterConsumerGroupOffsets(group, Map.of(
                    new TopicPartition(topic, 0), new OffsetAndMetadata(1),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(2))).all().get();

            var meters = new SimpleMeterRegistry();
            var lag = new ConsumerGroupLag(group, admin(infrastructure.kafkaBootstrapServers()), Duration.ofSeconds(5), meters);
            try {
                assertThat(meters.get("reklame.kafka.consumer.lag").tag("group", group).gauge().value()).isEqualTo(2.0);
            } finally {
                lag.destroy();
            }
        }
    }

    private static Map<String, Object> admin(String bootstrapServers) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
}
