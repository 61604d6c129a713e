package id.reklame.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.reklame.contracts.json.ReklameJson;
import id.reklame.query.ApplicationStreams;
import id.reklame.query.ApplicationStreams.Versioned;
import id.reklame.query.view.ApplicationView;
import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The read models own their position: the service is killed (SIGKILL) while it applies batches,
 * Kafka's committed offsets are then thrown back to the start on some partitions and forward to
 * the end on the others, and still the restarted service applies every event exactly once.
 */
class CrashRecoveryTest {

    private static final int APPLICATIONS = 4000;

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();
    private final Database database = infrastructure.newDatabase("crash");
    private final String suffix = infrastructure.uniqueSuffix("crash");
    private final String topic = "reklame.applications.v1." + suffix;
    private final String group = suffix + ".reklame-query";
    private final List<QueryProcess> processes = new java.util.ArrayList<>();

    private List<String> settings() {
        return List.of("spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password(),
                "spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "reklame.topics.applications=" + topic,
                "reklame.topics.decisions=reklame.permit-decisions.v1." + suffix,
                "reklame.kafka.group-prefix=" + suffix + ".",
                // small batches: many commits, so a kill lands between one and the next
                "reklame.query.projection.max-poll-records=50",
                // a killed member leaves the group soon, so the test can rewrite the group's offsets
                "spring.kafka.consumer.properties.session.timeout.ms=6000",
                "logging.level.root=WARN", "logging.level.id.reklame=INFO", "logging.level.org.springframework.kafka=INFO");
    }

    @Test
    void afterKillsAndScrambledKafkaOffsetsEveryEventIsAppliedExactlyOnce() throws Exception {
        infrastructure.createTopics(12, topic, "reklame.permit-decisions.v1." + suffix);
        List<List<Versioned>> lives = new java.util.ArrayList<>();
        ApplicationStreams streams = new ApplicationStreams(3);
        var refused = new java.util.concurrent.atomic.AtomicReference<Exception>();
        try (KafkaProducer<String, byte[]> producer = ApplicationStreams.producer(infrastructure.kafkaBootstrapServers())) {
            for (int i = 0; i < APPLICATIONS; i++) {
                List<Versioned> life = streams.life();
                lives.add(life);
                life.forEach(v -> producer.send(ApplicationStreams.record(topic, v), (metadata, e) -> {
                    if (e != null) {
                        refused.compareAndSet(null, e);
                    }
                }));
            }
        }
        assertThat(refused.get()).as("the broker refused a record").isNull();
        long events = lives.stream().mapToLong(List::size).sum();
        assertThat(endOffsets().values().stream().mapToLong(Long::longValue).sum()).as("records on the topic")
                .isEqualTo(events);

        for (int kill = 1; kill <= 2; kill++) {
            QueryProcess query = QueryProcess.start("crash-recovery-" + kill, settings()).awaitReady(Duration.ofSeconds(120));
            processes.add(query);
            long before = historyRows();
            long target = before + events / 4;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> historyRows() >= target);
            query.kill();
            assertThat(historyRows()).as("killed part-way").isLessThan(events);
        }
        scrambleCommittedOffsets();

        try (QueryProcess query = QueryProcess.start("crash-recovery-final", settings()).awaitReady(Duration.ofSeconds(120))) {
            processes.add(query);
            try {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> historyRows() >= events);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the restarted process applied " + historyRows() + " of " + events
                        + " events\n" + whereTheyWent(lives) + "\nits listener threads now:\n" + query.listenerStacks(), e);
            }
            Thread.sleep(1000); // anything applied twice would show now

            assertThat(historyRows()).isEqualTo(events);
            Map<UUID, ApplicationView> stored = storedViews();
            assertThat(stored).hasSize(APPLICATIONS);
            for (List<Versioned> life : lives) {
                ApplicationView expected = null;
                for (Versioned v : life) {
                    expected = ApplicationView.apply(expected, v.event(), v.version(), v.at());
                }
                assertThat(stored.get(expected.applicationId())).isEqualTo(expected);
            }
            assertThat(scalar("select count(*) from reklame_query.projection_gap")).isZero();
            assertThat(scalar("select sum(next_offset) from reklame_query.projection_offset")).isEqualTo(events);
        }
    }

    /** Which events are missing, where they stand on the topic, and what each process warned of. */
    private String whereTheyWent(List<List<Versioned>> lives) throws Exception {
        StringBuilder report = new StringBuilder();
        Map<UUID, Long> applied = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select application_id, count(*) from reklame_query.application_history group by 1")) {
            while (rs.next()) {
                applied.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        }
        int shown = 0;
        for (List<Versioned> life : lives) {
            UUID id = life.getFirst().event().applicationId();
            long count = applied.getOrDefault(id, 0L);
            if (count != life.size() && shown++ < 20) {
                report.append("application ").append(id).append(" (partition ")
                        .append(org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                                id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 12)
                        .append("): ").append(count).append(" of ").append(life.size()).append(" events in its history\n");
            }
        }
        report.append("end offsets: ").append(new java.util.TreeMap<>(endOffsets().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue)))).append('\n');
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select partition, next_offset from reklame_query.projection_offset order by 1")) {
            report.append("stored offsets:");
            while (rs.next()) {
                report.append(' ').append(rs.getInt(1)).append('=').append(rs.getLong(2));
            }
            report.append('\n');
        }
        report.append("parked: ").append(scalar("select count(*) from reklame_query.projection_gap")).append('\n');
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pid, state, wait_event_type, wait_event, left(query, 120) from pg_stat_activity"
                     + " where datname = current_database() and pid <> pg_backend_pid()")) {
            report.append("database sessions:\n");
            while (rs.next()) {
                report.append("  ").append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ')
                        .append(rs.getString(3)).append('/').append(rs.getString(4)).append(": ")
                        .append(rs.getString(5)).append('\n');
            }
        }
        for (QueryProcess process : processes) {
            report.append(process.warnings(40)).append('\n');
        }
        return report.toString();
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            for (int p = 0; p < 12; p++) {
                specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(specs).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** Half the partitions as if Kafka had lost every commit, half as if it had committed what was never applied. */
    private void scrambleCommittedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            for (int p = 0; p < 12; p++) {
                specs.put(new TopicPartition(topic, p), p % 2 == 0 ? OffsetSpec.earliest() : OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listOffsets(specs).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
            // the killed member stays in the group until its session times out
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(group, offsets).all().get();
                return true;
            });
        }
    }

    private long historyRows() throws Exception {
        return scalar("select count(*) from reklame_query.application_history");
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // not migrated yet
        }
    }

    private Map<UUID, ApplicationView> storedViews() throws Exception {
        Map<UUID, ApplicationView> views = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select document::text from reklame_query.application_view")) {
            while (rs.next()) {
                ApplicationView view = ReklameJson.mapper().readValue(rs.getString(1), ApplicationView.class);
                views.put(view.applicationId(), view);
            }
        }
        return views;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
