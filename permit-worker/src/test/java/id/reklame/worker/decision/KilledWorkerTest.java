package id.reklame.worker.decision;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.TopicProbe;
import id.reklame.worker.Fixtures;
import id.reklame.worker.WorkerApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One of two worker processes killed with SIGKILL in the middle of a stream, the other taking over its
 * partitions: nothing is lost, nothing is decided twice differently, and no number is skipped or given
 * twice.
 */
class KilledWorkerTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();
    private final Database database = infrastructure.newDatabase("killed-worker");
    private final String suffix = infrastructure.uniqueSuffix("killed-worker");
    private final String applications = "reklame.applications.v1." + suffix;
    private final String decisionsTopic = "reklame.permit-decisions.v1." + suffix;
    private final List<Process> processes = new ArrayList<>();

    /** The worker as its own JVM, with this test's classpath. */
    private Process startWorker(String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logOf(name);
        Process process = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName(), "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--reklame.topics.applications=" + applications, "--reklame.topics.decisions=" + decisionsTopic,
                "--reklame.kafka.group-prefix=" + suffix + ".", "--reklame.worker.expiry.cron=-",
                // the broker notices a killed consumer after this long (the default is 45 s)
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private static Path logOf(String name) {
        return Path.of("target", "killed-worker-" + name + ".log");
    }

    /** True once the worker's log says it consumes at least one partition. */
    private static boolean consuming(String name) {
        try {
            return Files.readString(logOf(name)).contains("partitions assigned: [reklame");
        } catch (Exception notYet) {
            return false;
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Map<UUID, ConsumerRecord<String, byte[]>> byDecisionId(List<ConsumerRecord<String, byte[]>> records) {
        Map<UUID, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
        for (var record : records) {
            UUID id = CloudEventCodec.decode(record, PermitDecision.class).orElseThrow().metadata().id();
            var first = byId.putIfAbsent(id, record);
            if (first != null) {
                // a decision re-sent after the kill is the same decision, byte for byte
                assertThat(record.value()).isEqualTo(first.value());
            }
        }
        return byId;
    }

    @Test
    void aWorkerKilledMidStreamLosesNothingAndSkipsNoNumber() throws Exception {
        infrastructure.createTopics(12, applications, decisionsTopic);
        Process doomed = startWorker("doomed");
        startWorker("survivor");
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> consuming("doomed") && consuming("survivor"));

        Random random = new Random(7);
        List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            events.add(Fixtures.record(applications, Fixtures.submitted(UUID.randomUUID(),
                    Fixtures.dkiForm(-5 - random.nextDouble(), 100 + 10 * random.nextDouble())), 1, Fixtures.SUBMITTED_AT));
        }
        try (TopicProbe decisions = TopicProbe.on(decisionsTopic);
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                     "acks", "all", "linger.ms", 10), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = events.stream().map(producer::send).toList();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> decisions.settle(Duration.ofMillis(10)).size() >= 600);
            doomed.destroyForcibly(); // SIGKILL: no graceful stop, transactions and offsets cut off where they are
            assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int beforeTakeover = decisions.settle(Duration.ofMillis(200)).size();
            assertThat(beforeTakeover).as("killed before the end").isLessThan(events.size());
            for (var each : sent) {
                each.get(30, TimeUnit.SECONDS);
            }

            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> byDecisionId(decisions.settle(Duration.ofMillis(200))).size() >= events.size());
            Map<UUID, ConsumerRecord<String, byte[]>> decided = byDecisionId(decisions.settle(Duration.ofSeconds(1)));

            Set<UUID> decidedApplications = decided.values().stream()
                    .map(r -> CloudEventCodec.decode(r, PermitDecision.class).orElseThrow().data().applicationId())
                    .collect(Collectors.toSet());
            assertThat(decided).hasSize(events.size());
            assertThat(decidedApplications).hasSize(events.size());
            List<Long> skpd = decided.values().stream()
                    .map(r -> CloudEventCodec.decode(r, PermitDecision.class).orElseThrow().data())
                    .filter(AssessedDecision.class::isInstance)
                    .map(d -> Long.parseLong(((AssessedDecision) d).assessment().skpdNumber().substring("SKPD-RKL/2027/".length())))
                    .sorted().toList();
            assertThat(skpd).containsExactlyElementsOf(LongStream.rangeClosed(1, skpd.size()).boxed().toList());
            try (var connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                 var rs = connection.createStatement().executeQuery(
                         "select count(*), max(sequence) from permit_worker.document_number where kind = 'SKPD'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("numbers recorded").isEqualTo(skpd.size());
                assertThat(rs.getLong(2)).as("highest number").isEqualTo(skpd.size());
            }
        }
    }
}
