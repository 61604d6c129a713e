package id.reklame.platform.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topics of any consumer group ({@code <source>.<group>.dlt}, see
 * {@code DeadLetters}) as operations see them: what is in them, what has been re-driven, and
 * re-driving records to their source topic with their key and headers. What has been re-driven is
 * kept as the committed offsets of the group {@value #REDRIVEN_GROUP} on the dead-letter topics: every
 * record below its partition's mark has been re-driven.
 */
public final class DeadLetterStore implements AutoCloseable {

    public static final String REDRIVEN_GROUP = "reklame.dead-letters.redriven";
    /** Headers the dead-letter publisher adds (original topic, offset, exception, ...); a re-driven record leaves them behind. */
    public static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A dead-letter topic, the counts of its records, and the marks of what has been re-driven. */
    public record Topic(String name, String source, Map<Integer, Long> begin, Map<Integer, Long> end,
                        Map<Integer, Long> mark) {

        public long total() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }

        public long pending() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - from(e.getKey())).sum();
        }

        /** Where the partition's records not yet re-driven begin. */
        public long from(int partition) {
            return Math.max(begin.get(partition), mark.getOrDefault(partition, 0L));
        }
    }

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String bootstrapServers;
    private KafkaProducer<byte[], byte[]> producer;

    public DeadLetterStore(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The dead-letter topics of a group, or of every group when {@code group} is null. */
    public List<Topic> topics(String group) {
        Set<String> names = new TreeSet<>(get(admin.listTopics().names()));
        String suffix = group == null ? ".dlt" : "." + group + ".dlt";
        List<Topic> topics = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith(suffix)) {
                topics.add(describe(name, group == null ? null : name.substring(0, name.length() - suffix.length())));
            }
        }
        return topics;
    }

    public Topic describe(String name, String source) {
        List<TopicPartition> partitions = consumer.partitionsFor(name, TIMEOUT).stream()
                .map(p -> new TopicPartition(name, p.partition())).toList();
        Map<Integer, Long> begin = byPartition(consumer.beginningOffsets(partitions, TIMEOUT));
        Map<Integer, Long> end = byPartition(consumer.endOffsets(partitions, TIMEOUT));
        Map<Integer, Long> mark = new HashMap<>();
        get(admin.listConsumerGroupOffsets(REDRIVEN_GROUP).partitionsToOffsetAndMetadata()).forEach((tp, offset) -> {
            if (tp.topic().equals(name) && offset != null) {
                mark.put(tp.partition(), offset.offset());
            }
        });
        return new Topic(name, source, begin, end, mark);
    }

    /** The records of a topic from each partition's {@code from} up to its end, in partition order. */
    public List<ConsumerRecord<byte[], byte[]>> read(Topic topic, boolean includeRedriven) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int partition : new TreeSet<>(topic.end().keySet())) {
            long from = includeRedriven ? topic.begin().get(partition) : topic.from(partition);
            records.addAll(read(new TopicPartition(topic.name(), partition), from, topic.end().get(partition)));
        }
        return records;
    }

    public Optional<ConsumerRecord<byte[], byte[]>> read(RecordRef ref) {
        TopicPartition tp = new TopicPartition(ref.topic(), ref.partition());
        long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
        return read(tp, ref.offset(), Math.min(end, ref.offset() + 1)).stream()
                .filter(r -> r.offset() == ref.offset()).findFirst();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(TopicPartition tp, long from, long to) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (from >= to) {
            return records;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(tp) < to && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < to) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** The topic a dead-lettered record came from: as its header says, or as its dead-letter topic's name says. */
    public static String sourceOf(ConsumerRecord<byte[], byte[]> record, String fallback) {
        Header header = record.headers().lastHeader(ORIGINAL_TOPIC);
        return header != null ? new String(header.value(), UTF_8) : fallback;
    }

    /** Sends the record back to its source topic with its key, value and headers, without the dead-letter headers. */
    public RecordMetadata redrive(ConsumerRecord<byte[], byte[]> record, String source) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                headers.add(header.key(), header.value());
            }
        }
        try {
            return producer().send(new ProducerRecord<>(source, null, record.key(), record.value(), headers))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not re-drive " + record.topic() + ":" + record.partition() + "@"
                    + record.offset() + " to " + source, e);
        }
    }

    /** Records that everything below these offsets has been re-driven. */
    public void mark(String topic, Map<Integer, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        get(admin.alterConsumerGroupOffsets(REDRIVEN_GROUP, offsets.entrySet().stream().collect(Collectors.toMap(
                e -> new TopicPartition(topic, e.getKey()), e -> new OffsetAndMetadata(e.getValue())))).all());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not answer in " + TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
        }
        consumer.close(TIMEOUT);
        admin.close(TIMEOUT);
    }
}
