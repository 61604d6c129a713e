package id.reklame.testsupport;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "spring.kafka.consumer.auto-offset-reset=earliest")
@RealInfrastructureTest
class SpringIntegrationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Listener listener() {
            return new Listener();
        }
    }

    static class Listener {

        final BlockingQueue<ConsumerRecord<String, String>> received = new LinkedBlockingQueue<>();

        @KafkaListener(topics = "${reklame.topics.applications}", groupId = "${reklame.kafka.group-prefix}listener")
        void onApplication(ConsumerRecord<String, String> record) {
            received.add(record);
        }
    }

    @Autowired Environment environment;
    @Autowired JdbcTemplate jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired Listener listener;
    @Value("${reklame.kafka.group-prefix}") String groupPrefix;

    @Test
    void thePropertiesPointAtTheSharedServersAndThisClassesOwnNames() {
        RealInfrastructure infrastructure = RealInfrastructure.shared();
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(infrastructure.kafkaBootstrapServers());
        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://127.0.0.1:");
        assertThat(groupPrefix).matches("springintegrationtest-\\d+-[a-z0-9]{5}\\.");
        String suffix = groupPrefix.substring(0, groupPrefix.length() - 1);
        assertThat(environment.getProperty("reklame.topics.applications")).isEqualTo("reklame.applications.v1." + suffix);
        assertThat(environment.getProperty("reklame.topics.decisions")).isEqualTo("reklame.permit-decisions.v1." + suffix);
    }

    @Test
    void theDataSourceReachesThisClassesOwnPostgreSqlDatabase() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL 17.");
        assertThat(jdbc.queryForObject("select current_database()", String.class))
                .isEqualTo(environment.getProperty("spring.datasource.username"));
        jdbc.execute("create table if not exists note (text varchar(100))");
        jdbc.update("insert into note values (?)", "hello");
        assertThat(jdbc.queryForObject("select count(*) from note", Integer.class)).isPositive();
    }

    @Test
    void aRecordSentToTheApplicationsTopicReachesAListener() throws Exception {
        String topic = environment.getProperty("reklame.topics.applications");
        kafka.send(topic, "application-7", "submitted").get(10, TimeUnit.SECONDS);

        ConsumerRecord<String, String> record = listener.received.poll(30, TimeUnit.SECONDS);
        assertThat(record).isNotNull();
        assertThat(record.key()).isEqualTo("application-7");
        assertThat(record.value()).isEqualTo("submitted");
    }

    @Test
    void eachTestClassGetsAContextOfItsOwn() {
        var factory = new RealInfrastructureContextCustomizerFactory();
        assertThat(factory.createContextCustomizer(SpringIntegrationTest.class, List.of()))
                .isEqualTo(factory.createContextCustomizer(SpringIntegrationTest.class, List.of()))
                .isNotEqualTo(factory.createContextCustomizer(Inheriting.class, List.of()));
        assertThat(factory.createContextCustomizer(KafkaTest.class, List.of())).isNull();
    }

    static class Inheriting extends SpringIntegrationTest {
    }
}
