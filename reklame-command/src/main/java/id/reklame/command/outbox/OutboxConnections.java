package id.reklame.command.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.stereotype.Component;

/** Connections of their own for LISTEN and NOTIFY, outside the pool: they live as long as the process. */
@Component
public class OutboxConnections {

    private final JdbcConnectionDetails database;

    public OutboxConnections(JdbcConnectionDetails database) {
        this.database = database;
    }

    public Connection open() throws SQLException {
        Properties properties = new Properties();
        if (database.getUsername() != null) {
            properties.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("ApplicationName", "reklame-command outbox");
        // a dead server must not hang the relay's wait for notifications for ever
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "5");
        Connection connection = new org.postgresql.Driver().connect(database.getJdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + database.getJdbcUrl());
        }
        connection.setAutoCommit(true);
        return connection;
    }
}
