package id.reklame.worker.decision;

import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes decisions on {@code reklame.permit-decisions.v1}, in order, and returns once the broker has them all. */
@Component
public class DecisionPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final Duration timeout;

    public DecisionPublisher(KafkaTemplate<String, byte[]> kafka, TopicNames topics,
                             @Value("${reklame.worker.publish-timeout:PT30S}") Duration timeout) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = timeout;
    }

    public void publish(List<Decided> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sent = decisions.stream()
                .map(d -> kafka.send(CloudEventCodec.encode(topics.decisions(), d.metadata(), d.payload())))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sent).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing decisions", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not publish " + decisions.size() + " decisions", e);
        }
    }
}
