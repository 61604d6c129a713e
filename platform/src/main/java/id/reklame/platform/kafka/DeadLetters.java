package id.reklame.platform.kafka;

import id.reklame.contracts.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A record that keeps failing goes, after a few retries with backoff, to the dead-letter topic of
 * the consuming group (its cause in the {@code kafka_dlt-*} headers) and the partition moves on.
 * A record that can never be read goes there at once.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

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
        return new WholeOrWithoutValue(template);
    }

    /** Set on a dead letter whose value had to be left out: the value's size, and where the original still is. */
    public static final String VALUE_LEFT_OUT = "reklame_dlt-value-left-out";

    /**
     * A record just under the size limit does not fit in its dead letter, which adds the cause's headers: the
     * publication would fail on every redelivery and hold the partition up for good. Such a record is
     * dead-lettered without its value (and without the stack trace), its key, headers and reason kept, and
     * {@link #VALUE_LEFT_OUT} saying where the original can still be read.
     */
    private static final class WholeOrWithoutValue extends DeadLetterPublishingRecoverer {

        WholeOrWithoutValue(KafkaOperations<?, ?> template) {
            super(template, (record, ex) -> new TopicPartition(
                    Topics.deadLetter(record.topic(), KafkaUtils.getConsumerGroupId()), -1));
        }

        @Override
        protected void publish(ProducerRecord<Object, Object> outRecord, KafkaOperations<Object, Object> kafkaTemplate,
                               ConsumerRecord<?, ?> inRecord) {
            try {
                // sent here, not by super.publish, which loses the cause of a send that fails at once
                verifySendResult(kafkaTemplate, outRecord, kafkaTemplate.send(outRecord), inRecord);
            } catch (RuntimeException e) {
                if (!tooLarge(e)) {
                    throw e;
                }
                log.warn("{}-{}@{} is too large to dead-letter whole: dead-lettering it without its value",
                        inRecord.topic(), inRecord.partition(), inRecord.offset());
                Headers headers = new RecordHeaders(outRecord.headers().toArray());
                headers.remove(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
                headers.remove(KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE);
                headers.add(VALUE_LEFT_OUT, ("too large to dead-letter: " + inRecord.serializedValueSize()
                        + " bytes, at " + inRecord.topic() + "-" + inRecord.partition() + "@" + inRecord.offset())
                        .getBytes(StandardCharsets.UTF_8));
                super.publish(new ProducerRecord<>(outRecord.topic(), outRecord.partition(), outRecord.timestamp(),
                        outRecord.key(), null, headers), kafkaTemplate, inRecord);
            }
        }

        private static boolean tooLarge(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RecordTooLargeException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The dead-letter topic of one consuming group, partitioned like its source. */
    public static NewTopic topic(String sourceTopic, String groupId, int partitions) {
        return TopicBuilder.name(Topics.deadLetter(sourceTopic, groupId)).partitions(partitions).build();
    }

    private DeadLetters() {
    }
}
