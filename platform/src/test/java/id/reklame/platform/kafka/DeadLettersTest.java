package id.reklame.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.Topics;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.TopicProbe;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Dead-lettering against a real broker with its default 1 MB limit: a record is kept whole when it fits, and one
 * so near the limit that the cause's headers would push it over still gets its dead letter, without its value.
 */
class DeadLettersTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();
    private final String suffix = infrastructure.uniqueSuffix("dead-letters");
    private final String source = "billing.invoices." + suffix;
    private final String group = suffix + ".billing-service";
    private final String deadLetters = Topics.deadLetter(source, group);

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private List<ConsumerRecord<String, byte[]>> deadLettered(byte[]... values) {
        infrastructure.createTopics(2, source, deadLetters);
        var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer()));
        KafkaUtils.setConsumerGroupId(group);
        try {
            for (int i = 0; i < values.length; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_id", ("event-" + i).getBytes(UTF_8));
                var failed = new ConsumerRecord<>(source, 1, 70 + i, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                        -1, values[i].length, "invoice-" + i, values[i], headers, Optional.empty());
                DeadLetters.recoverer(template).accept(failed, null, new UndecodableEventException("unreadable " + i, null));
            }
        } finally {
            KafkaUtils.clearConsumerGroupId();
            template.destroy();
        }
        try (TopicProbe probe = TopicProbe.on(deadLetters)) {
            return probe.await(values.length, Duration.ofSeconds(10)).stream()
                    .sorted(java.util.Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.key())).toList();
        }
    }

    @Test
    void aRecordThatFitsIsDeadLetteredWholeAndOneTooLargeForItsDeadLetterWithoutItsValue() {
        byte[] small = "{\"n\":1}".getBytes(UTF_8);
        byte[] nearTheLimit = new byte[1_047_000]; // fits the broker's limit alone, not with the cause's headers
        Arrays.fill(nearTheLimit, (byte) '{');

        List<ConsumerRecord<String, byte[]>> dead = deadLettered(small, nearTheLimit);

        assertThat(dead.get(0).key()).isEqualTo("invoice-0");
        assertThat(dead.get(0).value()).isEqualTo(small);
        assertThat(header(dead.get(0), DeadLetters.VALUE_LEFT_OUT)).isNull();
        assertThat(header(dead.get(0), "kafka_dlt-exception-stacktrace")).isNotNull();

        ConsumerRecord<String, byte[]> large = dead.get(1);
        assertThat(large.key()).isEqualTo("invoice-1");
        assertThat(large.value()).isNull();
        assertThat(header(large, "ce_id")).isEqualTo("event-1");
        assertThat(header(large, "kafka_dlt-exception-message")).contains("unreadable 1");
        assertThat(header(large, "kafka_dlt-original-topic")).isEqualTo(source);
        assertThat(header(large, DeadLetters.VALUE_LEFT_OUT)).isEqualTo("too large to dead-letter: 1047000 bytes, at "
                + source + "-1@71");
    }
}
