package id.reklame.worker.decision;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.decision.RejectedDecision;
import id.reklame.contracts.model.Reason;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.worker.Fixtures;
import id.reklame.worker.placement.SiteOccupied;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Decisions made at the same moment on many threads, straight against the real database. */
@SpringBootTest(properties = "spring.config.name=permit-worker")
@RealInfrastructureTest
class ConcurrentDecisionsTest {

    @Autowired
    DecisionMaker maker;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;

    private static ReceivedEvent<ApplicationEvent> submittedAt(double latitude, double longitude) {
        return Fixtures.received(Fixtures.submitted(UUID.randomUUID(), Fixtures.dkiForm(latitude, longitude)), 1,
                Fixtures.SUBMITTED_AT);
    }

    @Test
    void applicationsForOneSpotDecidedAtTheSameMomentAreAssessedExactlyOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                // a spot of its own each round, away from the prohibited zones; each application within 3 m of it
                double latitude = -6.5 - round * 0.01;
                double longitude = 112.5;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<List<Decided>>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    var event = submittedAt(latitude + i * 0.000003, longitude + i * 0.000002);
                    results.add(pool.submit(() -> {
                        start.await();
                        return maker.decide(List.of(event));
                    }));
                }
                List<PermitDecision> decisions = new ArrayList<>();
                for (var result : results) {
                    result.get().forEach(d -> decisions.add(Decisions.read(d)));
                }

                assertThat(decisions).hasSize(threads);
                assertThat(Decisions.assessed(decisions)).as("round %d", round).hasSize(1);
                assertThat(decisions).filteredOn(RejectedDecision.class::isInstance).hasSize(threads - 1)
                        .allSatisfy(d -> assertThat(((RejectedDecision) d).reasons()).extracting(Reason::code)
                                .containsExactly(SiteOccupied.CODE));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void numbersTakenConcurrentlyAreGaplessEvenWhenSomeDecisionsRollBack() throws Exception {
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> committed = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                long seed = t;
                committed.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int assessed = 0;
                    for (int batch = 0; batch < 15; batch++) {
                        List<ReceivedEvent<ApplicationEvent>> events = new ArrayList<>();
                        for (int i = 0; i < 8; i++) {
                            events.add(submittedAt(-5 - random.nextDouble(), 100 + 10 * random.nextDouble()));
                        }
                        boolean rollBack = batch % 4 == 3; // as if the process died before the commit
                        int count = transaction.execute(status -> {
                            int n = Decisions.assessed(maker.decide(events).stream().map(Decisions::read).toList()).size();
                            if (rollBack) {
                                status.setRollbackOnly();
                            }
                            return n;
                        });
                        assessed += rollBack ? 0 : count;
                    }
                    return assessed;
                }));
            }
            int total = 0;
            for (var c : committed) {
                total += c.get();
            }

            // every SKPD number taken in this database, by this test and the others in this class
            List<Long> sequences = jdbc.sql("select sequence from document_number where kind = 'SKPD' and year = 2027 order by 1")
                    .query(Long.class).list();
            long assessedDecisions = jdbc.sql("select count(*) from decision where decision_type = 'id.reklame.decision.assessed.v1'")
                    .query(Long.class).single();
            assertThat(total).isGreaterThan(threads * 10 * 8 / 2);
            assertThat(sequences).hasSize((int) assessedDecisions)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, assessedDecisions).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRedecidedEventGetsTheStoredDecisionWithItsNumbersAgain() {
        var event = submittedAt(-6.9, 111.5);
        Decided first = maker.decide(List.of(event)).getFirst();
        Decided again = maker.decide(List.of(event)).getFirst();

        assertThat(again.metadata()).isEqualTo(first.metadata());
        assertThat(again.payload()).isEqualTo(first.payload());
        assertThat(Decisions.read(again)).isEqualTo(Decisions.read(first)).isInstanceOf(AssessedDecision.class);
    }
}
