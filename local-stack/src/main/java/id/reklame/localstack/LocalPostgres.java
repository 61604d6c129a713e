package id.reklame.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * PostgreSQL 17 for the local stack, from the embedded binaries: listens on 127.0.0.1, keeps its
 * data in a folder across restarts, creates the application's role and database when missing and
 * stops PostgreSQL cleanly on SIGTERM or SIGINT.
 *
 * <p>Settings come from the environment, like the official postgres image: {@code POSTGRES_PORT}
 * (5432), {@code POSTGRES_DB}, {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD} (all "reklame"),
 * {@code POSTGRES_DATA_DIR} (.local/postgres) and {@code POSTGRES_BINARIES_DIR}
 * (postgres-binaries beside the data folder), and {@code POSTGRES_SERVER_SETTINGS}: server settings as
 * {@code name=value} pairs separated by spaces or commas (none: PostgreSQL's defaults, with durable commits).
 */
public final class LocalPostgres implements AutoCloseable {

    /** The line run-local.sh waits for. */
    static final String READY = "LocalPostgres ready";

    record Settings(int port, Path dataDirectory, Path binariesDirectory,
                    String database, String user, String password, Map<String, String> serverSettings) {

        Settings {
            dataDirectory = dataDirectory.toAbsolutePath().normalize();
            binariesDirectory = binariesDirectory.toAbsolutePath().normalize();
            // zonky deletes stale-looking data folders it finds under its working directory
            if (dataDirectory.startsWith(binariesDirectory)) {
                throw new IllegalArgumentException("the data folder " + dataDirectory
                        + " must not be inside the binaries folder " + binariesDirectory);
            }
        }

        static Settings fromEnvironment(Map<String, String> env) {
            Path data = Path.of(env.getOrDefault("POSTGRES_DATA_DIR", ".local/postgres")).toAbsolutePath();
            Path binaries = Path.of(env.getOrDefault("POSTGRES_BINARIES_DIR",
                    data.resolveSibling("postgres-binaries").toString()));
            return new Settings(
                    Integer.parseInt(env.getOrDefault("POSTGRES_PORT", "5432")),
                    data,
                    binaries,
                    env.getOrDefault("POSTGRES_DB", "reklame"),
                    env.getOrDefault("POSTGRES_USER", "reklame"),
                    env.getOrDefault("POSTGRES_PASSWORD", "reklame"),
                    serverSettings(env.getOrDefault("POSTGRES_SERVER_SETTINGS", "")));
        }

        /** {@code name=value} pairs separated by spaces or commas, e.g. {@code max_wal_size=4GB shared_buffers=512MB}. */
        static Map<String, String> serverSettings(String text) {
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            for (String pair : text.trim().split("[\\s,]+")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals <= 0 || equals == pair.length() - 1) {
                    throw new IllegalArgumentException("POSTGRES_SERVER_SETTINGS: '" + pair + "' is not name=value");
                }
                settings.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            return settings;
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + database;
        }
    }

    private final EmbeddedPostgres postgres;
    private final boolean newCluster;

    private LocalPostgres(EmbeddedPostgres postgres, boolean newCluster) {
        this.postgres = postgres;
        this.newCluster = newCluster;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(System.getenv());
        // keep zonky's unpacked binaries (and its clean-up of stale folders) away from other runs' /tmp
        if (System.getProperty("ot.epg.working-dir") == null) {
            System.setProperty("ot.epg.working-dir", settings.binariesDirectory().toString());
        }

        // registered before starting, so a signal that arrives during start-up still stops PostgreSQL
        AtomicReference<LocalPostgres> running = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalPostgres postgres = running.get();
            if (postgres != null) {
                System.out.println("LocalPostgres stopping");
                postgres.close();
                System.out.println("LocalPostgres stopped");
            }
        }, "local-postgres-shutdown"));

        long started = System.nanoTime();
        LocalPostgres postgres = start(settings);
        running.set(postgres);
        System.out.printf("%s in %d ms: %s (user %s), %s data in %s%n",
                READY, Duration.ofNanos(System.nanoTime() - started).toMillis(), settings.jdbcUrl(),
                settings.user(), postgres.newCluster ? "new" : "existing", settings.dataDirectory());

        new CountDownLatch(1).await(); // until SIGTERM/SIGINT runs the shutdown hook
    }

    static LocalPostgres start(Settings settings) throws IOException, SQLException {
        requirePortFree(settings.port());
        // zonky runs initdb only when postgresql.conf is missing (and never with setCleanDataDirectory(false) otherwise)
        boolean newCluster = !Files.exists(settings.dataDirectory().resolve("postgresql.conf"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(settings.port())
                .setDataDirectory(settings.dataDirectory())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(settings.binariesDirectory().toFile())
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("synchronous_commit", "on") // as in production: a commit is durable
                .setDataDirectoryCustomizer(LocalPostgres::requirePasswords);
        settings.serverSettings().forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        try {
            createRoleAndDatabase(postgres, settings);
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new LocalPostgres(postgres, newCluster);
    }

    boolean newCluster() {
        return newCluster;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applications log in with a password, as against a real server; the superuser "postgres"
     * stays password-less on this machine only, for zonky's own checks and for psql.
     */
    private static void requirePasswords(File dataDirectory) {
        String hba = """
                # written by LocalPostgres on every start
                local  all  all                     trust
                host   all  postgres  127.0.0.1/32  trust
                host   all  postgres  ::1/128       trust
                host   all  all       127.0.0.1/32  scram-sha-256
                host   all  all       ::1/128       scram-sha-256
                """;
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createRoleAndDatabase(EmbeddedPostgres postgres, Settings settings) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            String role = identifier(settings.user());
            String password = literal(settings.password());
            if (exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", settings.user())) {
                // keeps the password in step with POSTGRES_PASSWORD
                statement.execute("ALTER ROLE " + role + " LOGIN PASSWORD " + password);
            } else {
                statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD " + password);
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", settings.database())) {
                // the owner may create schemas: each service creates its own with Flyway
                statement.execute("CREATE DATABASE " + identifier(settings.database()) + " OWNER " + role);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    private static void requirePortFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " is already in use (set POSTGRES_PORT to use another)", e);
        }
    }
}
