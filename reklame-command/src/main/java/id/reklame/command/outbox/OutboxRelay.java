package id.reklame.command.outbox;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed events from the outbox to {@code reklame.applications.v1}, oldest first. One
 * instance relays at a time (a transaction-scoped advisory lock), so per-application order holds
 * with several instances running. An entry is deleted only after the broker acknowledged it; a
 * crash in between re-sends the same event with the same {@code ce_id}.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x5245_4b4c_4f42_4f58L; // "REKLOBOX"

    private record Pending(long position, EventMetadata metadata, String payload) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final OutboxProperties properties;
    private volatile Thread thread;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, KafkaTemplate<String, byte[]> kafka,
                       TopicNames topics, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.topics = topics;
        this.properties = properties;
    }

    /** Publishes one batch; returns how many events it moved. */
    public int relayOnce() {
        Integer moved = transaction.execute(status -> {
            Boolean leader = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(RELAY_LOCK).query(Boolean.class).single();
            if (!leader) {
                return 0;
            }
            List<Pending> batch = jdbc.sql("""
                            select e.position, e.event_id, e.application_id, e.version, e.event_type,
                                   e.payload::text as payload, e.occurred_at, e.traceparent
                            from outbox o join event_store e on e.position = o.position
                            order by o.position limit ?""")
                    .param(properties.batchSize())
                    .query((rs, n) -> new Pending(rs.getLong("position"), new EventMetadata(
                            rs.getObject("event_id", UUID.class), rs.getString("event_type"),
                            CloudEventHeaders.COMMAND_SOURCE, rs.getString("application_id"),
                            rs.getTimestamp("occurred_at").toInstant(), rs.getLong("version"),
                            rs.getString("traceparent")), rs.getString("payload")))
                    .list();
            if (batch.isEmpty()) {
                return 0;
            }
            // sent in order on one idempotent producer, so per-partition order is the outbox order
            CompletableFuture<?>[] sends = batch.stream()
                    .map(p -> kafka.send(CloudEventCodec.encode(topics.applications(), p.metadata(),
                            p.payload().getBytes(StandardCharsets.UTF_8))))
                    .toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(sends).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the broker did not acknowledge the batch", e);
            }
            jdbc.sql("delete from outbox where position = any(?)")
                    .param(batch.stream().map(Pending::position).toArray(Long[]::new))
                    .update();
            return batch.size();
        });
        return moved == null ? 0 : moved;
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                int moved = relayOnce();
                backoff = Duration.ZERO;
                if (moved < properties.batchSize()) {
                    Thread.sleep(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                backoff = backoff.isZero() ? Duration.ofMillis(100) : min(backoff.multipliedBy(2), Duration.ofSeconds(5));
                log.warn("outbox relay failed, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void start() {
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    @Override
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(properties.sendTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
