package id.reklame.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.command.eventstore.VersionConflictException;
import id.reklame.command.support.CommandApi;
import id.reklame.command.support.History;
import id.reklame.contracts.application.ApplicationWithdrawn;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.testsupport.RealInfrastructureTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** Writers racing for the same application: the database decides, exactly one wins. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=reklame-command")
@RealInfrastructureTest
class ConcurrentWritesTest {

    @LocalServerPort
    int port;
    @Autowired
    EventStore store;
    @Autowired
    TransactionTemplate transaction;

    CommandApi api;

    @BeforeEach
    void setUp() {
        api = new CommandApi(port);
    }

    /** Runs the calls at the same moment and returns their results in order. */
    private static <T> List<T> atOnce(List<Supplier<T>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> running = calls.stream().map(call -> threads.submit(() -> {
                start.await();
                return call.get();
            })).toList();
            start.countDown();
            List<T> results = new java.util.ArrayList<>();
            for (Future<T> result : running) {
                results.add(result.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    @Test
    void twoRevisionsRacingWithTheSameIfMatchAreOne202AndOne412() throws Exception {
        for (int round = 0; round < 10; round++) {
            UUID id = api.submitted();

            List<HttpResponse<String>> responses = atOnce(List.of(
                    () -> api.revise(id, CommandApi.revisedForm("first"), "If-Match", "\"1\""),
                    () -> api.revise(id, CommandApi.revisedForm("second"), "If-Match", "\"1\"")));

            assertThat(responses).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(202, 412);
            assertThat(store.load(id)).hasSize(2);
        }
    }

    @Test
    void theStoreRefusesASecondWriterOfTheSameVersionOnceTheFirstCommits() throws Exception {
        UUID id = api.submitted();
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            store.append(new StoredEvent(UUID.randomUUID(), 2, Instant.now(), null, new ApplicationWithdrawn(id, "first")));
            firstWrote.countDown();
            await(mayCommit);
        }));
        assertThat(firstWrote.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status ->
                store.append(new StoredEvent(UUID.randomUUID(), 2, Instant.now(), null, new ApplicationWithdrawn(id, "second")))));

        Thread.sleep(300); // the second writer is now waiting for the first one's version 2
        assertThat(second).isNotDone();
        mayCommit.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(VersionConflictException.class);
        assertThat(store.load(id)).extracting(StoredEvent::event)
                .containsExactly(store.load(id).getFirst().event(), new ApplicationWithdrawn(id, "first"));
    }

    @Test
    void theSamePaymentSentConcurrentlyIsRecordedOnce() throws Exception {
        UUID id = api.submitted();
        new History(store, transaction).assessed(id);
        String payment = """
                {"billingCode": "%s", "amount": 7500000, "paidAt": "2099-01-20T03:15:00Z", "reference": "BJTM-7"}"""
                .formatted(History.BILLING_CODE);

        List<HttpResponse<String>> responses = atOnce(IntStream.range(0, 8)
                .<Supplier<HttpResponse<String>>>mapToObj(i -> () -> api.pay(id, payment)).toList());

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202);
        assertThat(store.load(id)).extracting(StoredEvent::event)
                .filteredOn(PaymentReceived.class::isInstance).hasSize(1);
    }

    @Test
    void concurrentRenewalsMakeOneRenewal() throws Exception {
        UUID permit = api.submitted();
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Jakarta"));
        new History(store, transaction).issued(permit, today.minusDays(300), today.plusDays(10));

        List<HttpResponse<String>> responses = atOnce(IntStream.range(0, 6)
                .<Supplier<HttpResponse<String>>>mapToObj(i -> () -> api.renew(permit)).toList());

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202);
        assertThat(responses.stream().map(CommandApi::id).distinct()).hasSize(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
