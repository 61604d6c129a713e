package id.reklame.command.outbox;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed events of some outbox shards to {@code reklame.applications.v1}, oldest first, and
 * deletes them once the broker has acknowledged them.
 * <ul>
 * <li>One relay per shard at a time across all instances: each batch runs in a transaction holding an
 * advisory lock on each of its shards, and an application's events are all in one shard, so
 * per-application order holds however many relays and instances run.</li>
 * <li>Nothing is skipped when transactions commit out of order: the relay reads whatever is in the
 * outbox, not from a high-water mark. An application's events can only commit in version order.</li>
 * <li>A crash after sending and before the delete committed re-sends the same events with the same
 * {@code ce_id}; records of one key go to one partition through one idempotent producer, in order.</li>
 * </ul>
 */
public class OutboxRelay implements AutoCloseable {

    /** {@link #relayOnce()} when other relays hold all of this one's shards at this moment. */
    public static final int ANOTHER_INSTANCE_RELAYS = -1;

    /** As many as the migration that added {@code outbox.shard} computes: the last byte of the application id, mod 16. */
    public static final int SHARDS = 16;

    /**
     * The application's shard, for its outbox entries and the notification of their commit alike: the last byte
     * of its id, mod 16, as that migration computed it for the entries before it.
     */
    public static int shardOf(UUID applicationId) {
        return (int) (applicationId.getLeastSignificantBits() & (SHARDS - 1));
    }

    private static final int SHARD_LOCKS = 0x524b_4c4f; // "RKLO": the advisory lock space, one lock per shard

    private record Pending(int shard, long position, EventMetadata metadata, String payload, double secondsQueued) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Supplier<Producer<String, byte[]>> producers;
    private final TopicNames topics;
    private final OutboxProperties properties;
    private final OutboxMetrics metrics;
    private final Integer[] shards;
    private final OutboxVacuum vacuum;
    private Producer<String, byte[]> producer;
    private boolean allShardsHeld = true;
    private boolean moreWaiting;

    /** A relay of every shard. */
    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, Supplier<Producer<String, byte[]>> producers,
                       TopicNames topics, OutboxProperties properties, OutboxMetrics metrics) {
        this(jdbc, transaction, producers, topics, properties, metrics, IntStream.range(0, SHARDS).boxed().toList(),
                OutboxVacuum.none());
    }

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, Supplier<Producer<String, byte[]>> producers,
                       TopicNames topics, OutboxProperties properties, OutboxMetrics metrics, List<Integer> shards,
                       OutboxVacuum vacuum) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.producers = producers;
        this.topics = topics;
        this.properties = properties;
        this.metrics = metrics;
        this.shards = shards.toArray(Integer[]::new);
        this.vacuum = vacuum;
    }

    /** This relay's shards, one bit each. */
    public int shardMask() {
        int mask = 0;
        for (int shard : shards) {
            mask |= 1 << shard;
        }
        return mask;
    }

    /**
     * Relays until this relay's shards are empty. Returns false when other relays held some of them: those
     * may have read their batch before the latest commit, so look again soon.
     */
    public synchronized boolean drain() {
        do {
            relayOnce();
        } while (moreWaiting);
        return allShardsHeld;
    }

    /** Publishes one batch of the shards this relay can lock; returns how many events it moved, or {@link #ANOTHER_INSTANCE_RELAYS}. */
    public synchronized int relayOnce() {
        try {
            Integer moved = transaction.execute(status -> {
                List<Pending> rows = pending();
                Set<Integer> held = rows.stream().map(Pending::shard).collect(Collectors.toSet());
                allShardsHeld = held.size() == shards.length;
                moreWaiting = false;
                if (held.isEmpty()) {
                    return ANOTHER_INSTANCE_RELAYS;
                }
                int perShard = Math.max(1, properties.batchSize() / held.size());
                List<Pending> batch = rows.stream().filter(row -> row.metadata() != null).toList();
                // a shard that filled its share may have more
                moreWaiting = batch.stream().collect(Collectors.groupingBy(Pending::shard, Collectors.counting()))
                        .values().stream().anyMatch(count -> count >= perShard);
                if (!batch.isEmpty()) {
                    publish(batch);
                    jdbc.sql("delete from outbox where position = any(?)")
                            .param(batch.stream().map(Pending::position).toArray(Long[]::new))
                            .update();
                }
                return batch.size();
            });
            if (moved != null && moved > 0) {
                vacuum.deleted(moved);
            }
            return moved == null ? 0 : moved;
        } catch (RuntimeException | Error e) {
            discardProducer(); // a fresh producer after any failure: nothing half-sent lingers in it
            throw e;
        }
    }

    /**
     * Locks what it can of this relay's shards and reads the oldest entries of each shard held, a fair share of
     * the batch each (in order within a shard, all that matters), in one statement. Each shard held gives at least
     * one row: a shard with nothing waiting gives one without metadata.
     */
    private List<Pending> pending() {
        return jdbc.sql("""
                        with held as materialized (select shard from unnest(?::int[]) shard
                                                   where pg_try_advisory_xact_lock(?, shard))
                        select held.shard, e.position, e.event_id, e.application_id, e.version, e.event_type,
                               e.payload::text as payload, e.occurred_at, e.traceparent,
                               extract(epoch from clock_timestamp() - o.enqueued_at) as queued
                        from held
                        left join lateral (select position, enqueued_at from outbox where outbox.shard = held.shard
                                           order by position
                                           limit greatest(1, ? / (select count(*) from held))) o on true
                        left join event_store e on e.position = o.position
                        order by o.position""")
                .params(shards, SHARD_LOCKS, properties.batchSize())
                .query((rs, n) -> rs.getObject("event_id") == null
                        ? new Pending(rs.getInt("shard"), 0, null, null, 0)
                        : new Pending(rs.getInt("shard"), rs.getLong("position"), new EventMetadata(
                        rs.getObject("event_id", UUID.class), rs.getString("event_type"),
                        CloudEventHeaders.COMMAND_SOURCE, rs.getString("application_id"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getLong("version"),
                        rs.getString("traceparent")), rs.getString("payload"), rs.getDouble("queued")))
                .list();
    }

    /** Sends the batch in order and returns once the broker acknowledged every record of it. */
    private void publish(List<Pending> batch) {
        long started = System.nanoTime();
        long deadline = started + properties.sendTimeout().toNanos();
        if (producer == null) {
            producer = producers.get();
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        try {
            for (Pending pending : batch) {
                Future<RecordMetadata> send = producer.send(CloudEventCodec.encode(topics.applications(),
                        pending.metadata(), pending.payload().getBytes(StandardCharsets.UTF_8)));
                if (send.isDone()) {
                    send.get(); // failed at once (no metadata within max.block.ms): the rest would wait as long each
                }
                sends.add(send);
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxRelayException("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            throw new OutboxRelayException("the broker refused the batch: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new OutboxRelayException("the broker did not acknowledge the batch within " + properties.sendTimeout(), e);
        }
        Duration sending = Duration.ofNanos(System.nanoTime() - started);
        for (Pending pending : batch) {
            metrics.published(Duration.ofNanos((long) (pending.secondsQueued() * 1e9)).plus(sending));
        }
    }

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // it is being thrown away because it failed
            }
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(properties.sendTimeout());
            producer = null;
        }
    }

    /** A batch the broker did not acknowledge; it stays in the outbox and is sent again. */
    public static class OutboxRelayException extends RuntimeException {
        public OutboxRelayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
