package id.reklame.command.decision;

import id.reklame.command.eventstore.VersionConflictException;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.ReceivedEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.TopicNames;

/** Consumes {@code reklame.permit-decisions.v1}; a stale or invalid decision is dropped and logged, never retried. */
@Configuration(proxyBeanMethods = false)
class DecisionListener {

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);

    private final DecisionRecorder recorder;

    DecisionListener(DecisionRecorder recorder) {
        this.recorder = recorder;
    }

    @KafkaListener(topics = "${reklame.topics.decisions:reklame.permit-decisions.v1}",
            groupId = "${reklame.kafka.group-id}", concurrency = "${reklame.kafka.concurrency:3}")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEventCodec.decode(record, PermitDecision.class).ifPresent(this::record);
    }

    private void record(ReceivedEvent<PermitDecision> decision) {
        String dropped;
        try {
            dropped = recorder.record(decision);
        } catch (VersionConflictException e) {
            dropped = "the application changed meanwhile";
        }
        if (dropped != null) {
            log.info("dropped decision {} ({}) for application {}: {}", decision.metadata().id(),
                    decision.metadata().type(), decision.data().applicationId(), dropped);
        }
    }

    @Bean
    NewTopic decisionsDeadLetters(TopicNames topics, @Value("${reklame.kafka.group-id}") String groupId) {
        return DeadLetters.topic(topics.decisions(), groupId, topics.partitions());
    }
}
