package id.reklame.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs only where a Docker engine answers; the rest of the suite then uses containers too. */
class ContainerServersTest {

    @Test
    void containersServePostgreSql17AndKafka() throws Exception {
        assumeTrue(RealInfrastructure.dockerAvailable(), "no Docker engine here");
        try (ContainerServers servers = ContainerServers.start();
             Connection connection = DriverManager.getConnection(servers.postgresJdbcUrl("postgres"),
                     servers.postgresAdminUser(), servers.postgresAdminPassword());
             ResultSet version = connection.createStatement().executeQuery("select version()");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
            version.next();
            assertThat(version.getString(1)).startsWith("PostgreSQL 17.");
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }
}
