package id.reklame.worker.assessment;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.TopicNames;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Consumes {@code reklame.applications.v1} and publishes the decisions it calls for. The offset is
 * committed only after the broker acknowledged the decision, so a crash re-sends, never loses.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationEventListener {

    private final Assessor assessor;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;

    ApplicationEventListener(Assessor assessor, KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        this.assessor = assessor;
        this.kafka = kafka;
        this.topics = topics;
    }

    @KafkaListener(topics = "${reklame.topics.applications:reklame.applications.v1}",
            groupId = "${reklame.kafka.group-id}", concurrency = "${reklame.kafka.concurrency:3}")
    void on(ConsumerRecord<String, byte[]> record) throws Exception {
        var event = CloudEventCodec.decode(record, ApplicationEvent.class);
        if (event.isEmpty()) {
            return;
        }
        var decided = assessor.decide(event.get());
        if (decided.isPresent()) {
            kafka.send(CloudEventCodec.encode(topics.decisions(), decided.get().metadata(), decided.get().payload()))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    @Bean
    NewTopic applicationsDeadLetters(TopicNames topics, @Value("${reklame.kafka.group-id}") String groupId) {
        return DeadLetters.topic(topics.applications(), groupId, topics.partitions());
    }
}
