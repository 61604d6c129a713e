package id.reklame.testsupport;

/** A running PostgreSQL and Kafka broker, embedded or in containers, stopped by {@link #close()}. */
interface Servers extends AutoCloseable {

    /** JDBC URL of a database on the server; the admin credentials below may create databases and roles. */
    String postgresJdbcUrl(String database);

    String postgresAdminUser();

    String postgresAdminPassword();

    String kafkaBootstrapServers();
}
