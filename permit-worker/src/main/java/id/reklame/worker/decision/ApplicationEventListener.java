package id.reklame.worker.decision;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.platform.kafka.UndecodableEventException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Consumes {@code reklame.applications.v1} a poll at a time and publishes the decisions it calls for.
 * Offsets are committed only after the broker acknowledged the decisions, so a crash re-sends, never
 * loses. A record that cannot be read, or that fails on its own, is reported by its index: the records
 * before it are done, and the error handler retries it with backoff and then dead-letters it.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationEventListener {

    private static final Logger log = LoggerFactory.getLogger(ApplicationEventListener.class);

    private final DecisionMaker maker;
    private final DecisionPublisher publisher;
    private final EventCheck check;

    ApplicationEventListener(DecisionMaker maker, DecisionPublisher publisher, EventCheck check) {
        this.maker = maker;
        this.publisher = publisher;
        this.check = check;
    }

    // Client ids "permit-worker-<n>" alike on every instance: the range assignor gives the partitions to the
    // first member ids in order, which then alternate between instances, so the work is split evenly.
    @KafkaListener(topics = "${reklame.topics.applications:reklame.applications.v1}", groupId = "${reklame.kafka.group-id}",
            concurrency = "${reklame.kafka.concurrency:3}", batch = "true",
            clientIdPrefix = "${spring.application.name}")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        List<ReceivedEvent<ApplicationEvent>> events = new ArrayList<>(records.size());
        List<Integer> positions = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                var event = CloudEventCodec.decode(records.get(i), ApplicationEvent.class);
                if (event.isPresent()) {
                    check.requireValid(event.get());
                    events.add(event.get());
                    positions.add(i);
                }
            } catch (UndecodableEventException e) {
                decideAndPublish(events, positions);
                throw new BatchListenerFailedException(e.getMessage(), e, i);
            }
        }
        decideAndPublish(events, positions);
    }

    private void decideAndPublish(List<ReceivedEvent<ApplicationEvent>> events, List<Integer> positions) {
        if (events.isEmpty()) {
            return;
        }
        List<Decided> decided;
        try {
            decided = maker.decide(events);
        } catch (RuntimeException batchFailed) {
            log.warn("deciding {} events together failed, deciding them one by one: {}", events.size(), batchFailed.toString());
            oneByOne(events, positions);
            return;
        }
        publisher.publish(decided);
    }

    /** Finds the event that fails on its own; those before it are decided and published. */
    private void oneByOne(List<ReceivedEvent<ApplicationEvent>> events, List<Integer> positions) {
        for (int i = 0; i < events.size(); i++) {
            List<Decided> decided;
            try {
                decided = maker.decide(events, i, i + 1);
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("event " + events.get(i).metadata().id() + " ("
                        + events.get(i).metadata().type() + ") failed: " + e.getMessage(), e, positions.get(i));
            }
            publisher.publish(decided);
        }
    }

    @Bean
    NewTopic applicationsDeadLetters(TopicNames topics, @Value("${reklame.kafka.group-id}") String groupId) {
        return DeadLetters.topic(topics.applications(), groupId, topics.partitions());
    }
}
