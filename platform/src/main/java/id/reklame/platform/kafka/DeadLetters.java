package id.reklame.platform.kafka;

import id.reklame.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A record that keeps failing goes, after a few retries with backoff, to the dead-letter topic of
 * the consuming group (its cause in the {@code kafka_dlt-*} headers) and the partition moves on.
 * A record that can never be read goes there at once.
 */
public final class DeadLetters {

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template) {
        var recoverer = recoverer(template);
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxAttempts(4);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UndecodableEventException.class);
        return handler;
    }

    /**
     * Publishes a record, with its key, headers and the cause in {@code kafka_dlt-*} headers, to the
     * dead-letter topic of the group consuming on the calling listener thread, and waits for the
     * broker's acknowledgement. For consumers that set a record aside themselves.
     */
    public static DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> template) {
        return new DeadLetterPublishingRecoverer(template, (record, ex) -> new TopicPartition(
                Topics.deadLetter(record.topic(), KafkaUtils.getConsumerGroupId()), -1));
    }

    /** The dead-letter topic of one consuming group, partitioned like its source. */
    public static NewTopic topic(String sourceTopic, String groupId, int partitions) {
        return TopicBuilder.name(Topics.deadLetter(sourceTopic, groupId)).partitions(partitions).build();
    }

    private DeadLetters() {
    }
}
