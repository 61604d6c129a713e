package id.reklame.command.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.command.support.CommandApi;
import id.reklame.command.support.Published;
import id.reklame.contracts.application.ApplicationWithdrawn;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay against the real database and broker: woken by commits, nothing skipped when
 * transactions commit out of order, nothing lost when it dies mid-batch, order kept with several relays.
 * The poll interval is a minute here, so anything published within seconds was woken by its commit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=reklame-command", "reklame.outbox.poll-interval=1m"})
@RealInfrastructureTest
class OutboxRelayTest {

    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    EventStore store;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TopicNames topics;
    @Autowired
    OutboxRelayProcess relayProcess;
    @Autowired
    OutboxMetrics metrics;
    @Autowired
    ProducerFactory<?, ?> producerFactory;

    CommandApi api;

    @BeforeEach
    void setUp() {
        api = new CommandApi(port);
    }

    /** Reads the topic until the given applications' events are all there (by ce_id), and returns their records. */
    private Published publishedFor(Set<UUID> applications, long events) {
        Set<String> keys = new java.util.HashSet<>(applications.stream().map(UUID::toString).toList());
        try (TopicProbe probe = TopicProbe.on(topics.applications())) {
            long deadline = System.nanoTime() + PUBLISHED_WITHIN.toNanos();
            while (true) {
                List<ConsumerRecord<String, byte[]>> mine = probe.settle(Duration.ofMillis(200)).stream()
                        .filter(r -> keys.contains(r.key())).toList();
                Published published = new Published(mine);
                if (published.distinctEvents() >= events || System.nanoTime() > deadline) {
                    return published;
                }
            }
        }
    }

    private long outboxSize() {
        return jdbc.sql("select count(*) from outbox").query(Long.class).single();
    }

    private OutboxRelay anotherRelay(int batchSize, Supplier<Producer<String, byte[]>> producers) {
        return new OutboxRelay(jdbc, transaction, producers, topics,
                new OutboxProperties(true, 1, Duration.ofMinutes(1), batchSize, Duration.ofSeconds(10), null, null), metrics);
    }

    private Map<String, Object> producerConfig() {
        return new HashMap<>(producerFactory.getConfigurationProperties());
    }

    /** Each commit wakes only the relay of its shard (four relays here): every shard's must be woken. */
    @Test
    void aCommitWakesTheRelayOfItsShardWithoutWaitingForThePoll() {
        long started = System.nanoTime();
        Set<UUID> ids = new java.util.HashSet<>();
        for (int i = 0; i < 16; i++) {
            ids.add(api.submitted());
        }

        Published published = publishedFor(ids, ids.size());

        assertThat(published.distinctEvents()).isEqualTo(ids.size());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theNotifiedShardOfAnApplicationIsTheOneItsOutboxEntriesTake() {
        UUID[] ids = new UUID[2_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID();
        }
        Map<UUID, Integer> inDatabase = new HashMap<>();
        jdbc.sql("select u, get_byte(uuid_send(u), 15) & 15 from unnest(?::uuid[]) u").param(ids)
                .query(rs -> {
                    inDatabase.put(rs.getObject(1, UUID.class), rs.getInt(2));
                });

        assertThat(inDatabase).hasSize(ids.length);
        inDatabase.forEach((id, shard) -> assertThat(OutboxRelay.shardOf(id)).as(id.toString()).isEqualTo(shard));
    }

    @Test
    void transactionsCommittingOutOfOrderAreAllPublishedInEachApplicationsOrder() throws Exception {
        UUID a = api.submitted();
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        // takes the earlier outbox position, and commits last
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            store.append(new StoredEvent(UUID.randomUUID(), 2, Instant.now(), null, new ApplicationWithdrawn(a, "slow")));
            appended.countDown();
            try {
                mayCommit.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
        UUID b = api.submitted(); // a later position, committed first
        assertThat(publishedFor(Set.of(b), 1).distinctEvents()).isEqualTo(1);
        // waits for a's first event only: a busy machine may take longer than any short window to show it
        assertThat(publishedFor(Set.of(a), 1).distinctEvents())
                .as("a's version 2 is not committed yet").isEqualTo(1);

        mayCommit.countDown();
        slow.get(10, TimeUnit.SECONDS);

        Published published = publishedFor(Set.of(a, b), 3);
        published.assertEveryStreamCompleteAndInOrder(Map.of(a.toString(), 2L, b.toString(), 1L));
        assertThat(outboxSize()).isZero();
    }

    /** A producer that dies after sending some records of a batch, once those records are on the broker. */
    static final class DyingProducer extends KafkaProducer<String, byte[]> {
        private final int diesAfter;
        private int sent;

        DyingProducer(Map<String, Object> config, int diesAfter) {
            super(config, new StringSerializer(), new ByteArraySerializer());
            this.diesAfter = diesAfter;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (sent++ == diesAfter) {
                flush();
                throw new RelayDied();
            }
            return super.send(record, callback);
        }
    }

    static final class RelayDied extends Error {
        RelayDied() {
            super("the relay's process died here");
        }
    }

    @Test
    void relayKilledInTheMiddleOfABatchLosesNothingAndRepeatsOnlyTheSameEvents() throws Exception {
        relayProcess.stop();
        Set<UUID> applications = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < 60; i++) {
                UUID id = api.submitted();
                applications.add(id);
                if (i % 2 == 0) {
                    assertThat(api.revise(id, CommandApi.revisedForm("second " + i), "If-Match", "\"1\"").statusCode())
                            .isEqualTo(202);
                }
            }
            assertThat(outboxSize()).isEqualTo(90);
            awaitMetric("reklame_outbox_backlog", "90");

            // one batch of all 90: 70 sent and acknowledged, then the process dies before deleting any
            OutboxRelay dying = anotherRelay(1000, () -> new DyingProducer(producerConfig(), 70));
            assertThatThrownBy(dying::drain).isInstanceOf(RelayDied.class);
            assertThat(outboxSize()).as("the dying batch was not deleted").isEqualTo(90);
        } finally {
            relayProcess.start();
        }

        Published published = publishedFor(applications, 90);
        assertThat(published.distinctEvents()).isEqualTo(90);
        assertThat(published.size()).as("the 70 sent before the death, sent again").isEqualTo(160);
        published.assertCopiesAreIdentical();
        Map<String, Long> versions = new HashMap<>();
        for (UUID id : applications) {
            versions.put(id.toString(), (long) store.load(id).size());
        }
        published.assertEveryStreamCompleteAndInOrder(versions);
        awaitEmptyOutbox();
        awaitMetric("reklame_outbox_backlog", "0");
        awaitMetric("reklame_outbox_oldest_age_seconds", "0");
        assertThat(prometheus()).contains("reklame_outbox_lag_seconds_bucket");
    }

    @Test
    void severalRelaysRunningAtOnceKeepEveryApplicationsOrder() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        List<OutboxRelay> others = List.of(anotherRelay(7, this::realProducer), anotherRelay(13, this::realProducer));
        Set<UUID> applications = ConcurrentHashMap.newKeySet();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // like other instances: drain, wait a little (for a notification, in a real one), drain again
            List<Future<?>> relaying = others.stream().<Future<?>>map(relay -> threads.submit(() -> {
                while (writing.get()) {
                    relay.drain();
                    sleep(5);
                }
            })).toList();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(threads.submit(() -> {
                    for (int n = 0; n < 8; n++) {
                        UUID id = api.submitted();
                        applications.add(id);
                        for (int version = 1; version <= 3; version++) {
                            assertThat(api.revise(id, CommandApi.revisedForm("v" + version), "If-Match",
                                    "\"" + version + "\"").statusCode()).isEqualTo(202);
                        }
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> relay : relaying) {
                relay.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writing.set(false);
            others.forEach(OutboxRelay::close);
        }

        Published published = publishedFor(applications, 32 * 4);
        Map<String, Long> versions = new HashMap<>();
        applications.forEach(id -> versions.put(id.toString(), 4L));
        published.assertEveryStreamCompleteAndInOrder(versions);
        published.assertCopiesAreIdentical();
        awaitEmptyOutbox();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Producer<String, byte[]> realProducer() {
        return new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    private void awaitEmptyOutbox() throws InterruptedException {
        long deadline = System.nanoTime() + PUBLISHED_WITHIN.toNanos();
        while (outboxSize() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(outboxSize()).isZero();
    }

    /** Waits until /actuator/prometheus shows the gauge at this value (its snapshot lags by up to half a second). */
    private void awaitMetric(String name, String value) throws InterruptedException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "(?m)^" + name + "(\\{[^}]*})? " + java.util.regex.Pattern.quote(value) + "(\\.0)?$");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String scraped = prometheus();
        while (!line.matcher(scraped).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            scraped = prometheus();
        }
        assertThat(scraped).containsPattern(line);
    }

    private String prometheus() {
        return api.send("GET", "/actuator/prometheus", null).body();
    }
}
