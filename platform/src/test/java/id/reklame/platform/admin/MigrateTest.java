package id.reklame.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** {@code migrate} applies a service's migrations to its schema with the service's settings, once, and says so. */
class MigrateTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void migratesTheSchemaOnceAndThenFindsNothingToDo() throws Exception {
        Database database = RealInfrastructure.shared().newDatabase("migrate");
        StandardEnvironment environment = environment(database.jdbcUrl(), database.username(), database.password());

        assertThat(migrate(List.of(), environment)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 migration(s) applied, now at version 2");
        try (var connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             var rows = connection.createStatement().executeQuery("select year from permit_ledger.permit_counter")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(2027);
        }

        out.reset();
        assertThat(migrate(List.of(), environment)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 migration(s) applied");
    }

    @Test
    void anUnreachableDatabaseFailsWithStatus1() {
        StandardEnvironment environment = environment("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2", "x", "y");

        assertThat(migrate(List.of(), environment)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("migration failed:");
    }

    @Test
    void unknownArgumentsAreRefusedWithStatus2() {
        assertThat(migrate(List.of("--everything"), environment("jdbc:postgresql://127.0.0.1:1/x", "x", "y"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: migrate");
    }

    private int migrate(List<String> args, StandardEnvironment environment) {
        return Migrate.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static StandardEnvironment environment(String url, String username, String password) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", username,
                "spring.datasource.password", password,
                "spring.flyway.locations", "classpath:db/migrate-test",
                "spring.flyway.schemas", "permit_ledger")));
        return environment;
    }
}
