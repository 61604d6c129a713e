package id.reklame.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL 17 as a child process (zonky embedded binaries) and Kafka in this JVM, both on 127.0.0.1. */
final class EmbeddedServers implements Servers {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    /** Processes that stop the postmaster if this JVM dies without running shutdown hooks (kill -9). */
    private static final List<Process> watchdogs = new ArrayList<>();

    private final EmbeddedPostgres postgres;
    private final LoopbackKafka kafka;

    private EmbeddedServers(EmbeddedPostgres postgres, LoopbackKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** Starts both servers side by side; the first start takes a few seconds. */
    static EmbeddedServers start() {
        Path workDir = workDir();
        CompletableFuture<LoopbackKafka> kafka = CompletableFuture.supplyAsync(() -> timed("Kafka", () -> LoopbackKafka.start(workDir)));
        EmbeddedPostgres postgres;
        try {
            postgres = timed("PostgreSQL", () -> startPostgres(postgresWorkingDir(workDir).resolve(UUID.randomUUID().toString()).toFile()));
        } catch (RuntimeException e) {
            kafka.thenAccept(EmbeddedServers::closeQuietly);
            throw e;
        }
        try {
            return new EmbeddedServers(postgres, kafka.join());
        } catch (RuntimeException e) {
            closeQuietly(postgres);
            throw e;
        }
    }

    /**
     * Starts a postmaster on {@code dataDir}, a folder in zonky's working dir. zonky's shutdown hook stops it and
     * deletes the data on a normal exit; a watchdog process does the same when the JVM is killed outright.
     */
    static EmbeddedPostgres startPostgres(File dataDir) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir) // inside the working dir, so zonky also reaps it later if all else failed
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "") // TCP on loopback only, no socket file in /tmp
                .setServerConfig("max_connections", "500")      // room for the pools of several live test contexts
                .setPGStartupWait(Duration.ofSeconds(60))      // a busy 2-core machine can be slow
                .start();
        startWatchdog(dataDir);
        return postgres;
    }

    /**
     * A shell in its own session that blocks reading a pipe only this JVM holds. The kernel closes the pipe when
     * the JVM exits in any way; if the postmaster is still running then (no shutdown hook ran), the shell stops
     * it and deletes its data. After a normal exit zonky has already removed the pid file, so it just ends.
     */
    private static void startWatchdog(File dataDir) throws IOException {
        String script = """
                cat > /dev/null
                pidfile="$1/postmaster.pid"
                [ -f "$pidfile" ] || exit 0
                pid=$(head -n 1 "$pidfile")
                kill -INT "$pid" 2>/dev/null
                for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
                rm -rf "$1"
                """;
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "pg-watchdog", dataDir.getAbsolutePath()));
        if (new File("/usr/bin/setsid").canExecute()) {
            command.addFirst("/usr/bin/setsid"); // survives a signal sent to the JVM's whole process group
        }
        Process watchdog = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        synchronized (watchdogs) {
            watchdogs.add(watchdog); // keep it reachable: collecting it would close the pipe and stop postgres
        }
    }

    /** zonky keeps its unpacked binaries below {@code ot.epg.working-dir}; we keep data directories there too. */
    static Path postgresWorkingDir(Path workDir) throws IOException {
        Path pgDir = Path.of(System.getProperty("ot.epg.working-dir", workDir.resolve("embedded-pg").toString()));
        System.setProperty("ot.epg.working-dir", pgDir.toString());
        return Files.createDirectories(pgDir);
    }

    /** {@code target/} of the module under test when there is one (per checkout, removed by mvn clean), else tmp. */
    static Path workDir() {
        Path target = Path.of("target");
        return (Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"))).toAbsolutePath();
    }

    @Override
    public String postgresJdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    @Override
    public String postgresAdminUser() {
        return "postgres";
    }

    @Override
    public String postgresAdminPassword() {
        return ""; // initdb -A trust: local connections need no password
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        closeQuietly(kafka);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Could not stop {}", closeable, e);
        }
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> T timed(String what, Starter<T> starter) {
        long started = System.nanoTime();
        try {
            T result = starter.start();
            log.info("{} started in {} ms", what, (System.nanoTime() - started) / 1_000_000);
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " did not start", e);
        }
    }
}
