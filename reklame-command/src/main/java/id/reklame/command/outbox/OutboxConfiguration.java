package id.reklame.command.outbox;

import id.reklame.platform.kafka.TopicNames;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    RetryRegistry outboxRetryRegistry(MeterRegistry meters) {
        RetryRegistry registry = RetryRegistry.ofDefaults();
        TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
        return registry;
    }

    /** The relays' own connections: under load they would otherwise queue behind requests for the pool's. */
    static final class RelayDatabase implements AutoCloseable {

        final HikariDataSource connection = new HikariDataSource();

        RelayDatabase(JdbcConnectionDetails database, DataSource pool, int relays) throws SQLException {
            connection.setPoolName("outbox-relay");
            connection.setJdbcUrl(database.getJdbcUrl());
            connection.setUsername(database.getUsername());
            connection.setPassword(database.getPassword());
            try (Connection pooled = pool.getConnection()) {
                connection.setSchema(pooled.getSchema()); // the service's schema, as the pool sets it
            }
            connection.setMaximumPoolSize(relays + 1); // and one for vacuuming
            connection.setInitializationFailTimeout(-1); // a database down now is the relay's to wait for
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    @Bean
    RelayDatabase outboxRelayDatabase(JdbcConnectionDetails database, DataSource pool, OutboxProperties properties)
            throws SQLException {
        return new RelayDatabase(database, pool, properties.relayThreads());
    }

    @Bean
    OutboxVacuum outboxVacuum(RelayDatabase database) {
        return new OutboxVacuum(JdbcClient.create(database.connection));
    }

    /**
     * One relay per thread, each with the shards s where s mod threads is its number, and a producer of its own.
     * <p>
     * The producers have the service's Kafka settings. A producer never gives up on a record by itself
     * (no delivery timeout): it writes each partition's records in order or not at all, so when the relay
     * abandons a batch after its send timeout (closing the producer at once), what reached the topic is a
     * prefix of each partition's records, and sending the batch again repeats that prefix before the rest.
     * A producer that expired records itself could write a later record of an application after an earlier
     * one had failed.
     */
    @Bean
    OutboxRelayProcess outboxRelayProcess(RelayDatabase database, ProducerFactory<?, ?> kafka, TopicNames topics,
                                          OutboxProperties properties, OutboxMetrics metrics, OutboxVacuum vacuum,
                                          OutboxConnections connections, RetryRegistry retries) {
        Map<String, Object> config = new HashMap<>(kafka.getConfigurationProperties());
        long timeout = properties.sendTimeout().toMillis();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "reklame-command-outbox");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout / 2));
        // waiting for metadata fails a send at once, before it is queued: the relay then sends no more of the batch
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        // a batch is sent as a whole: large, compressed produce requests, no waiting for more
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        JdbcClient jdbc = JdbcClient.create(database.connection);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(database.connection));
        int threads = properties.relayThreads();
        List<OutboxRelay> relays = IntStream.range(0, threads).mapToObj(thread -> new OutboxRelay(jdbc, transaction,
                        () -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                        topics, properties, metrics,
                        IntStream.range(0, OutboxRelay.SHARDS).filter(shard -> shard % threads == thread).boxed().toList(),
                        vacuum))
                .toList();
        return new OutboxRelayProcess(relays, connections, properties,
                retries.retry("outbox-relay", OutboxRelayProcess.retryConfig(properties)));
    }
}
