package id.reklame.worker.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.PermitIssued;
import id.reklame.contracts.decision.ExpiredDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import id.reklame.worker.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The scheduled expiry check, here every second instead of daily. */
@SpringBootTest(properties = {"spring.config.name=permit-worker", "reklame.worker.expiry.cron=* * * * * *"})
@RealInfrastructureTest
class PermitExpiryTest {

    @Autowired
    TopicNames topics;
    @Autowired
    PermitExpiry expiry;
    @Autowired
    JdbcClient jdbc;

    private void issue(UUID id, LocalDate validTo) {
        TopicProbe.send(Fixtures.record(topics.applications(), new PermitIssued(id, "IPR-RKL/2027/000001",
                validTo.minusDays(29), validTo), 5, Instant.parse("2027-01-10T03:00:00Z")));
    }

    private void awaitTracked(UUID... ids) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select count(*) from application_state where application_id = any(?)").param(ids).query(Long.class).single() == ids.length);
    }

    private static List<ExpiredDecision> expired(TopicProbe decisions, Duration quiet) {
        return decisions.settle(quiet).stream()
                .map(r -> CloudEventCodec.decode(r, PermitDecision.class).orElseThrow().data())
                .filter(ExpiredDecision.class::isInstance).map(ExpiredDecision.class::cast).toList();
    }

    @Test
    void theScheduledCheckExpiresAnIssuedPermitPastItsEndDateOnce() {
        UUID ended = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        try (TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            issue(ended, LocalDate.now().minusDays(2));
            issue(running, LocalDate.now().plusDays(30));

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> expired(decisions, Duration.ofMillis(100)).stream().anyMatch(d -> d.applicationId().equals(ended)));
            // several more runs of the check: nothing is decided twice
            var all = expired(decisions, Duration.ofSeconds(3)).stream()
                    .filter(d -> d.applicationId().equals(ended) || d.applicationId().equals(running)).toList();
            assertThat(all).containsExactly(new ExpiredDecision(ended, 5, LocalDate.now().minusDays(1)));
        }
    }

    @Test
    void checksRunningAtOnceDecideEachPermitExactlyOnce() throws Exception {
        List<UUID> permits = new ArrayList<>();
        LocalDate lastDay = LocalDate.of(2020, 6, 30); // long past, but after "today" below
        for (int i = 0; i < 40; i++) {
            permits.add(UUID.randomUUID());
        }
        try (TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            permits.forEach(id -> issue(id, lastDay));
            awaitTracked(permits.toArray(UUID[]::new));

            try (var pool = Executors.newFixedThreadPool(4)) {
                List<Callable<Integer>> checks = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    checks.add(() -> expiry.expireBefore(LocalDate.now()));
                }
                pool.invokeAll(checks);
            }

            Map<UUID, Long> perPermit = expired(decisions, Duration.ofSeconds(2)).stream()
                    .filter(d -> permits.contains(d.applicationId()))
                    .collect(Collectors.groupingBy(ExpiredDecision::applicationId, Collectors.counting()));
            assertThat(perPermit).hasSize(permits.size()).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(jdbc.sql("select count(*) from decision where decision_type = 'id.reklame.decision.expired.v1'"
                    + " and application_id = any(?)").param(permits.toArray(UUID[]::new)).query(Long.class).single())
                    .isEqualTo(permits.size());
        }
    }
}
