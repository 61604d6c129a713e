package id.reklame.testsupport;

import com.github.dockerjava.api.model.Ports;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL 17 and Apache Kafka in Docker containers, used when a Docker engine is reachable.
 * Testcontainers' Ryuk removes the containers even if this JVM is killed.
 */
final class ContainerServers implements Servers {

    private final PostgreSQLContainer postgres;
    private final KafkaContainer kafka;

    private ContainerServers(PostgreSQLContainer postgres, KafkaContainer kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static ContainerServers start() {
        // the broker image matches the kafka-clients version on the classpath (Boot's BOM)
        var postgres = loopbackOnly(new PostgreSQLContainer(System.getProperty("reklame.test.postgres-image", "postgres:17-alpine")));
        var kafka = loopbackOnly(new KafkaContainer(System.getProperty("reklame.test.kafka-image", "apache/kafka:" + AppInfoParser.getVersion())));
        try {
            postgres.start();
            kafka.start();
            return new ContainerServers(postgres, kafka);
        } catch (RuntimeException e) {
            kafka.stop();
            postgres.stop();
            throw e;
        }
    }

    /** Publishes the container's ports on 127.0.0.1 instead of all interfaces when the engine runs on this host. */
    private static <T extends GenericContainer<?>> T loopbackOnly(T container) {
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        if (host.equals("localhost") || host.equals("127.0.0.1")) {
            container.withCreateContainerCmdModifier(cmd -> {
                Ports loopback = new Ports();
                cmd.getHostConfig().getPortBindings().getBindings().forEach((exposed, hostBindings) -> {
                    for (Ports.Binding binding : hostBindings == null ? new Ports.Binding[] {Ports.Binding.empty()} : hostBindings) {
                        loopback.bind(exposed, new Ports.Binding("127.0.0.1", binding.getHostPortSpec()));
                    }
                });
                cmd.getHostConfig().withPortBindings(loopback);
            });
        }
        return container;
    }

    @Override
    public String postgresJdbcUrl(String database) {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database;
    }

    @Override
    public String postgresAdminUser() {
        return postgres.getUsername(); // the image's POSTGRES_USER is a superuser
    }

    @Override
    public String postgresAdminPassword() {
        return postgres.getPassword();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers().replace("localhost:", "127.0.0.1:");
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
