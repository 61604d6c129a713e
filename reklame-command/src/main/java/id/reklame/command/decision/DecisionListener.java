package id.reklame.command.decision;

import id.reklame.command.decision.DecisionRecorder.Recorded;
import id.reklame.command.decision.DecisionRecorder.Result;
import id.reklame.command.eventstore.VersionConflictException;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.platform.kafka.TopicNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes {@code reklame.permit-decisions.v1}. A stale or invalid decision is dropped, logged and
 * counted ({@code reklame.decisions{outcome}}), never retried; a record that cannot be read, or keeps
 * failing, goes to the dead-letter topic after a few tries, so the partition always moves on.
 */
@Configuration(proxyBeanMethods = false)
class DecisionListener {

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);

    private final DecisionRecorder recorder;
    private final Map<Result, Counter> outcomes = new EnumMap<>(Result.class);

    DecisionListener(DecisionRecorder recorder, MeterRegistry meters) {
        this.recorder = recorder;
        for (Result result : Result.values()) {
            outcomes.put(result, Counter.builder("reklame.decisions")
                    .description("Worker decisions received, by what became of them")
                    .tag("outcome", result.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
    }

    @KafkaListener(topics = "${reklame.topics.decisions:reklame.permit-decisions.v1}",
            groupId = "${reklame.kafka.group-id}", concurrency = "${reklame.kafka.concurrency:3}")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEventCodec.decode(record, PermitDecision.class).ifPresent(this::record);
    }

    private void record(ReceivedEvent<PermitDecision> decision) {
        Recorded recorded;
        try {
            recorded = recorder.record(decision);
        } catch (VersionConflictException e) {
            // a command appended the version this decision was to take: it was made on an older one
            recorded = new Recorded(Result.STALE, "the application changed meanwhile");
        }
        outcomes.get(recorded.result()).increment();
        if (recorded.result() != Result.RECORDED) {
            log.info("dropped decision {} ({}) for application {} made on version {}: {} ({})",
                    decision.metadata().id(), decision.metadata().type(), decision.data().applicationId(),
                    decision.data().applicationVersion(), recorded.result(), recorded.reason());
        }
    }

    @Bean
    NewTopic decisionsDeadLetters(TopicNames topics, @Value("${reklame.kafka.group-id}") String groupId) {
        return DeadLetters.topic(topics.decisions(), groupId, topics.partitions());
    }
}
