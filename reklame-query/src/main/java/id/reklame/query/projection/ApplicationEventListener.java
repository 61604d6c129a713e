package id.reklame.query.projection;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;

/** Feeds {@code reklame.applications.v1} into the read models. */
@Configuration(proxyBeanMethods = false)
class ApplicationEventListener {

    private final ApplicationProjection projection;

    ApplicationEventListener(ApplicationProjection projection) {
        this.projection = projection;
    }

    @KafkaListener(topics = "${reklame.topics.applications:reklame.applications.v1}",
            groupId = "${reklame.kafka.group-id}", concurrency = "${reklame.kafka.concurrency:3}")
    void on(ConsumerRecord<String, byte[]> record) {
        CloudEventCodec.decode(record, ApplicationEvent.class).ifPresent(projection::apply);
    }

    @Bean
    NewTopic applicationsDeadLetters(TopicNames topics, @Value("${reklame.kafka.group-id}") String groupId) {
        return DeadLetters.topic(topics.applications(), groupId, topics.partitions());
    }
}
