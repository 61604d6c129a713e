package id.reklame.query.projection;

import id.reklame.platform.kafka.DeadLetters;
import id.reklame.platform.kafka.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    static final String CONTAINER_FACTORY = "projectionContainerFactory";

    /**
     * Batch listeners that handle their failures themselves (they own their offsets). Whatever still
     * escapes is logged and the batch read again: nothing is ever skipped or committed past.
     */
    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> projectionContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.setCommonErrorHandler(new ReadAgainErrorHandler());
        return factory;
    }

    static final class ReadAgainErrorHandler implements CommonErrorHandler {

        private static final Logger log = LoggerFactory.getLogger(ReadAgainErrorHandler.class);

        @Override
        public boolean seeksAfterHandling() {
            return true;
        }

        @Override
        public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
                                MessageListenerContainer container, Runnable invokeListener) {
            log.error("projection batch failed; reading it again", thrownException);
            data.partitions().forEach(tp -> consumer.seek(tp, data.records(tp).getFirst().offset()));
        }
    }

    @Bean
    NewTopic applicationsDeadLetters(TopicNames topics, @Value("${reklame.kafka.group-id}") String groupId) {
        return DeadLetters.topic(topics.applications(), groupId, topics.partitions());
    }
}
