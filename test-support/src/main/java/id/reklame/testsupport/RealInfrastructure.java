package id.reklame.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * A real PostgreSQL 17 and a real Kafka broker for tests, started once per JVM on first use and stopped when the
 * JVM exits. Tests stay apart by asking for their own database ({@link #newDatabase}) and their own topic and
 * group names ({@link #uniqueSuffix}), never by sharing fixed names.
 * <p>
 * Containers (Testcontainers) are used when a Docker engine answers, embedded servers otherwise. The system
 * property {@code reklame.test.infrastructure} = {@code embedded} or {@code containers} forces one of them.
 */
public final class RealInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(RealInfrastructure.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom random = new SecureRandom();

    private static RealInfrastructure shared;
    private static RuntimeException startFailure;

    private final Servers servers;
    private final Admin admin;
    private final AtomicLong counter = new AtomicLong();

    private RealInfrastructure(Servers servers) {
        this.servers = servers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()));
    }

    /** The servers of this JVM, started on the first call; a failed start fails every later call at once. */
    public static synchronized RealInfrastructure shared() {
        if (startFailure != null) {
            throw new IllegalStateException("The test servers failed to start earlier in this JVM", startFailure);
        }
        if (shared == null) {
            try {
                Servers servers = useContainers() ? ContainerServers.start() : EmbeddedServers.start();
                shared = new RealInfrastructure(servers);
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            // for code written against spring-kafka-test's @EmbeddedKafka
            System.setProperty("spring.embedded.kafka.brokers", shared.kafkaBootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "real-infrastructure-stop"));
        }
        return shared;
    }

    private static boolean useContainers() {
        String choice = System.getProperty("reklame.test.infrastructure", "auto");
        if (!choice.equals("auto")) {
            return choice.equals("containers");
        }
        boolean docker = dockerAvailable();
        log.info(docker ? "Docker engine found: using Testcontainers" : "No Docker engine: using embedded servers");
        return docker;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) { // Testcontainers missing or broken must never fail the run
            log.info("Testcontainers unusable: {}", e.toString());
            return false;
        }
    }

    /** "127.0.0.1:port" of the broker. */
    public String kafkaBootstrapServers() {
        return servers.kafkaBootstrapServers();
    }

    /** Creates an empty database owned by a new login role; no other role (but superusers) may connect to it. */
    public Database newDatabase(String nameHint) {
        String name = "t_" + sanitise(nameHint, '_', 30) + "_" + counter.incrementAndGet() + "_" + randomChars(5);
        String password = randomChars(20);
        try (Connection admin = DriverManager.getConnection(servers.postgresJdbcUrl("postgres"),
                servers.postgresAdminUser(), servers.postgresAdminPassword());
             Statement sql = admin.createStatement()) {
            // the name is [a-z0-9_] only, so it is safe to splice into DDL
            sql.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            sql.execute("CREATE DATABASE " + name + " OWNER " + name);
            sql.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return new Database(servers.postgresJdbcUrl(name), name, password);
    }

    /** Creates the topics with one replica each unless they exist, and returns once every partition takes writes. */
    public void createTopics(int partitions, String... topics) {
        List<NewTopic> newTopics = Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList();
        admin.createTopics(newTopics).values().forEach((topic, created) -> {
            try {
                created.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + topic, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        TopicReadiness.await(admin, Set.of(topics), TOPIC_TIMEOUT);
    }

    /** A short id unique in this JVM and very likely beyond, e.g. "orders-7-k3x9q": [a-z0-9-] only. */
    public String uniqueSuffix(String hint) {
        return sanitise(hint, '-', 24) + "-" + counter.incrementAndGet() + "-" + randomChars(5);
    }

    private static String sanitise(String hint, char separator, int maxLength) {
        String cleaned = (hint == null ? "" : hint).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
        cleaned = cleaned.substring(0, Math.min(cleaned.length(), maxLength)).strip().replace(' ', separator);
        return cleaned.isEmpty() ? "x" : cleaned;
    }

    private static String randomChars(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder chars = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            chars.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return chars.toString();
    }

    private void stop() {
        admin.close(Duration.ofSeconds(2));
        try {
            servers.close();
        } catch (Exception e) {
            log.warn("Could not stop the test servers", e);
        }
    }
}
