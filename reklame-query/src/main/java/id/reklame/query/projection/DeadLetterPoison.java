package id.reklame.query.projection;

import id.reklame.platform.kafka.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/** The live projection's unreadable records go to its group's dead-letter topic, to be re-driven once fixed. */
@Component
class DeadLetterPoison implements PoisonHandler {

    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetterPoison(KafkaOperations<?, ?> kafka) {
        this.recoverer = DeadLetters.recoverer(kafka);
    }

    @Override
    public void setAside(ConsumerRecord<String, byte[]> record, Exception cause) {
        recoverer.accept(record, null, cause);
    }
}
