package id.reklame.worker.decision;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.decision.RejectedDecision;
import id.reklame.contracts.model.Reason;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import id.reklame.testsupport.TopicProbe;
import id.reklame.worker.Fixtures;
import id.reklame.worker.WorkerApplication;
import id.reklame.worker.placement.SiteOccupied;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Two worker instances in one consumer group (separate application contexts on one database and
 * broker, as two processes would be): they share the partitions, never grant one site twice, number
 * without gaps across a restart, and a replay of the whole topic yields the very same decisions.
 */
class TwoInstancesTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.shared();
    private final Database database = infrastructure.newDatabase("two-workers");
    private final String suffix = infrastructure.uniqueSuffix("two-workers");
    private final String applications = "reklame.applications.v1." + suffix;
    private final String decisionsTopic = "reklame.permit-decisions.v1." + suffix;
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    private ConfigurableApplicationContext start(String groupPrefix) {
        var context = WorkerApplication.application().run("--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--reklame.topics.applications=" + applications, "--reklame.topics.decisions=" + decisionsTopic,
                "--reklame.kafka.group-prefix=" + groupPrefix);
        running.add(context);
        return context;
    }

    private static int assigned(ConfigurableApplicationContext context) {
        return context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream()
                .mapToInt(c -> c.getAssignedPartitions() == null ? 0 : c.getAssignedPartitions().size()).sum();
    }

    private static void awaitSharing(ConfigurableApplicationContext a, ConfigurableApplicationContext b) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> assigned(a) > 0 && assigned(b) > 0
                && assigned(a) + assigned(b) == 12);
    }

    @AfterEach
    void stop() {
        running.reversed().forEach(ConfigurableApplicationContext::close);
    }

    /** Distinct decisions (by id) read so far, waiting until there are at least {@code count}. */
    private static Map<UUID, ConsumerRecord<String, byte[]>> awaitDistinct(TopicProbe probe, int count) {
        Map<UUID, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (byId.size() < count && System.nanoTime() < deadline) {
            probe.settle(Duration.ofMillis(200)).forEach(r -> byId.putIfAbsent(
                    CloudEventCodec.decode(r, PermitDecision.class).orElseThrow().metadata().id(), r));
        }
        assertThat(byId).as("distinct decisions").hasSizeGreaterThanOrEqualTo(count);
        return byId;
    }

    private static PermitDecision data(ConsumerRecord<String, byte[]> record) {
        return CloudEventCodec.decode(record, PermitDecision.class).orElseThrow().data();
    }

    private List<ProducerRecord<String, byte[]>> spreadOut(int count, Random random) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(Fixtures.record(applications, Fixtures.submitted(UUID.randomUUID(),
                    Fixtures.dkiForm(-5 - random.nextDouble(), 100 + 10 * random.nextDouble())), 1, Fixtures.SUBMITTED_AT));
        }
        return records;
    }

    @Test
    void twoInstancesShareTheWorkGrantASiteOnceNumberWithoutGapsAcrossARestartAndReplayTheSame() {
        infrastructure.createTopics(12, applications, decisionsTopic);
        var first = start(suffix + ".");
        var second = start(suffix + ".");
        awaitSharing(first, second);
        Random random = new Random(42);

        try (TopicProbe decisions = TopicProbe.on(decisionsTopic)) {
            // ten applications for one spot (within 3 m), on different partitions, among 300 elsewhere
            List<UUID> rivals = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> burst = new ArrayList<>(spreadOut(300, random));
            for (int i = 0; i < 10; i++) {
                UUID id = UUID.randomUUID();
                rivals.add(id);
                burst.add(i * 30, Fixtures.record(applications, Fixtures.submitted(id,
                        Fixtures.dkiForm(-6.6 + i * 0.000002, 112.6 + i * 0.000002)), 1, Fixtures.SUBMITTED_AT));
            }
            TopicProbe.send(burst.toArray(ProducerRecord[]::new));
            var decided = awaitDistinct(decisions, 310);

            var rivalDecisions = decided.values().stream().map(TwoInstancesTest::data)
                    .filter(d -> rivals.contains(d.applicationId())).toList();
            assertThat(Decisions.assessed(rivalDecisions)).hasSize(1);
            assertThat(rivalDecisions).filteredOn(RejectedDecision.class::isInstance).hasSize(9)
                    .allSatisfy(d -> assertThat(((RejectedDecision) d).reasons()).extracting(Reason::code)
                            .containsExactly(SiteOccupied.CODE));

            // one instance stops while a second burst is under way, another takes its place
            var more = spreadOut(300, random);
            Thread sender = Thread.ofPlatform().start(() -> TopicProbe.send(more.toArray(ProducerRecord[]::new)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> decisions.settle(Duration.ofMillis(50)).size() > 330);
            first.close();
            var third = start(suffix + ".");
            awaitSharing(second, third);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !sender.isAlive());
            var all = awaitDistinct(decisions, 610);

            List<Long> skpd = all.values().stream().map(TwoInstancesTest::data).filter(AssessedDecision.class::isInstance)
                    .map(d -> Long.parseLong(((AssessedDecision) d).assessment().skpdNumber().substring("SKPD-RKL/2027/".length())))
                    .sorted().toList();
            assertThat(skpd).hasSize(601).containsExactlyElementsOf(LongStream.rangeClosed(1, 601).boxed().toList());
            // a decision re-sent after the restart is the same decision, byte for byte
            decisions.settle(Duration.ofMillis(500)).forEach(r -> assertThat(r.value())
                    .isEqualTo(all.get(CloudEventCodec.decode(r, PermitDecision.class).orElseThrow().metadata().id()).value()));

            // operations replay the whole topic to a group that starts from its beginning
            int before = decisions.settle(Duration.ofMillis(100)).size();
            start(suffix + ".replay.");
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> decisions.settle(Duration.ofMillis(200)).size() >= before + 610);
            var afterReplay = decisions.settle(Duration.ofSeconds(1));
            for (var record : afterReplay) {
                UUID id = CloudEventCodec.decode(record, PermitDecision.class).orElseThrow().metadata().id();
                assertThat(all).containsKey(id);
                assertThat(record.value()).isEqualTo(all.get(id).value());
                assertThat(Arrays.equals(record.headers().lastHeader("ce_time").value(),
                        all.get(id).headers().lastHeader("ce_time").value())).isTrue();
            }
        }
    }
}
