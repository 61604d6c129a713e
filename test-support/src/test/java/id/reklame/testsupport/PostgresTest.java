package id.reklame.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();

    @Test
    void aNewDatabaseAnswersAsPostgreSql17() throws SQLException {
        Database database = infrastructure.newDatabase("version check");

        assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
        assertThat(query(database, "select version()")).startsWith("PostgreSQL 17.");
        assertThat(query(database, "select current_user")).isEqualTo(database.username());
    }

    @Test
    void twoDatabasesAreDistinctAndIsolated() throws SQLException {
        Database first = infrastructure.newDatabase("Orders!");
        Database second = infrastructure.newDatabase("Orders!");

        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
        assertThat(first.username()).isNotEqualTo(second.username()).matches("[a-z0-9_]+");
        execute(first, "create table application (id int primary key)");
        execute(first, "insert into application values (1)");
        assertThat(query(first, "select count(*) from application")).isEqualTo("1");
        // the second database has no such table, and the first one's role may not even connect to it
        assertThatThrownBy(() -> query(second, "select count(*) from application")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> DriverManager.getConnection(second.jdbcUrl(), first.username(), first.password()).close())
                .hasMessageContaining("permission denied");
    }

    static String query(Database database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
