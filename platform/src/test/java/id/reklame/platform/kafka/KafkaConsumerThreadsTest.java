package id.reklame.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.platform.PlatformAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/** Requests may run on virtual threads; Kafka consumers get platform threads of their own all the same. */
class KafkaConsumerThreadsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> context.getBeanFactory()
                    .setConversionService(ApplicationConversionService.getSharedInstance()))
            .withPropertyValues("spring.threads.virtual.enabled=true", "spring.kafka.admin.auto-create=false");

    @Test
    void listenerContainersRunTheirConsumersOnPlatformThreads() {
        // without the platform, Boot gives the containers an executor of virtual threads
        runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class)).run(context ->
                assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
                        .getListenerTaskExecutor()).isNotNull());

        // with it, none: each container starts its consumer on a platform thread named after itself
        runner.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PlatformAutoConfiguration.class))
                .run(context -> assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
                        .getContainerProperties().getListenerTaskExecutor()).isNull());
    }
}
