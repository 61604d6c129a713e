package id.reklame.query.projection;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.platform.kafka.UndecodableEventException;
import id.reklame.query.view.ApplicationView;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;

/**
 * Applies a batch of records to the read models in one transaction, together with the partitions'
 * next offsets, so the read models own their position: a crash before the commit leaves both as
 * they were, a crash after it leaves both advanced, and a record below the stored offset is never
 * applied twice. A record that can never be applied is set aside (dead-lettered) and its partition
 * moves on; any other failure leaves everything unchanged for the caller to retry.
 */
@Service
public class ApplicationProjection {

    private static final Logger log = LoggerFactory.getLogger(ApplicationProjection.class);

    private final ProjectionStore store;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    ApplicationProjection(ProjectionStore store, TransactionTemplate transaction, MeterRegistry meters) {
        this.store = store;
        this.transaction = transaction;
        this.meters = meters;
    }

    /**
     * @param records  records in the order their partitions hold them
     * @param expected where the consumer believes each partition stands (null: trust the stored positions);
     *                 a stored position behind it is a rewind, reported instead of applied
     */
    public BatchOutcome apply(List<ConsumerRecord<String, byte[]>> records, ProjectionTarget target,
                              Map<TopicPartition, Long> expected, PoisonHandler poison) {
        return apply(records, target, expected, poison, null);
    }

    /**
     * @param cache for an exclusive target's single writer: the views it committed last, so they need
     *              not be read back (null: read every view)
     */
    public BatchOutcome apply(List<ConsumerRecord<String, byte[]>> records, ProjectionTarget target,
                              Map<TopicPartition, Long> expected, PoisonHandler poison, ViewCache cache) {
        if (records.isEmpty()) {
            return BatchOutcome.NONE;
        }
        Applied applied;
        try {
            applied = transaction.execute(status -> applyInTransaction(records, target, expected, poison, cache));
        } catch (RuntimeException e) {
            if (cache != null) {
                cache.forgetWritten();
            }
            if (!isTheRecordsFault(e)) {
                throw e;
            }
            if (records.size() == 1) {
                return setAside(records.getFirst(), target, poison, e);
            }
            log.warn("{} records could not be written together ({}); writing them one by one to find the one at fault",
                    records.size(), e.toString());
            return oneByOne(records, target, expected, poison, cache);
        }
        if (cache != null) {
            cache.committed(applied.staged(), applied.changes(), applied.applicationIds());
        }
        for (ParkedEvent parked : applied.changes().parked()) {
            log.warn("version gap in application {} ({} read models): view at version {}, event {} ({}) at {}-{}@{} is "
                            + "parked until the missing version arrives", parked.event().applicationId(), target.name(),
                    parked.viewVersion(), parked.version(), parked.metadata().type(), parked.topic(), parked.partition(),
                    parked.offset());
        }
        count(target, applied.outcome().counts());
        return applied.outcome();
    }

    /** A record and its event, or why it cannot be read. */
    private record Decoded(ConsumerRecord<String, byte[]> record, StreamRecord stream, UndecodableEventException failure) {

        static Decoded of(ConsumerRecord<String, byte[]> record) {
            try {
                Optional<ReceivedEvent<ApplicationEvent>> event = CloudEventCodec.decode(record, ApplicationEvent.class);
                return new Decoded(record, new StreamRecord(record, event.orElse(null)), null);
            } catch (UndecodableEventException e) {
                return new Decoded(record, null, e);
            }
        }
    }

    private record Applied(BatchOutcome outcome, ProjectionChanges changes, ViewCache.Staged staged,
                           Set<UUID> applicationIds) {
    }

    /** The stored next offset of each partition of a topic in the target's read models. */
    public Map<TopicPartition, Long> positions(ProjectionTarget target, String topic) {
        return store.offsetsIn(target, topic);
    }

    /** Writes the views a write-behind cache holds unwritten. */
    public void flush(ProjectionTarget target, ViewCache cache) {
        List<ApplicationView> unwritten = cache.flush();
        transaction.executeWithoutResult(status -> {
            store.use(target);
            store.writeViews(unwritten);
        });
        cache.flushed(unwritten);
    }

    /** Sets where each partition starts, for read models that have read nothing yet. */
    public void startAt(ProjectionTarget target, Map<TopicPartition, Long> positions) {
        transaction.executeWithoutResult(status -> {
            store.use(target);
            store.saveOffsets(positions);
        });
    }

    private BatchOutcome oneByOne(List<ConsumerRecord<String, byte[]>> records, ProjectionTarget target,
                                  Map<TopicPartition, Long> expected, PoisonHandler poison, ViewCache cache) {
        Map<TopicPartition, Long> expectedNow = expected == null ? null : new HashMap<>(expected);
        BatchOutcome outcome = BatchOutcome.NONE;
        for (ConsumerRecord<String, byte[]> record : records) {
            BatchOutcome one = apply(List.of(record), target, expectedNow, poison, cache);
            if (expectedNow != null) {
                expectedNow.putAll(one.positions());
            }
            outcome = outcome.plus(one);
        }
        return outcome;
    }

    private Applied applyInTransaction(List<ConsumerRecord<String, byte[]>> records, ProjectionTarget target,
                                       Map<TopicPartition, Long> expected, PoisonHandler poison, ViewCache cache) {
        store.use(target);
        // every record is decoded first, so that one statement can read what the batch starts from
        Map<TopicPartition, List<Decoded>> byPartition = new LinkedHashMap<>();
        Set<UUID> anyIds = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Decoded decoded = Decoded.of(record);
            byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>())
                    .add(decoded);
            if (decoded.stream() != null && decoded.stream().event() != null) {
                anyIds.add(decoded.stream().event().data().applicationId());
            }
        }
        Map<UUID, ApplicationView> cached = new HashMap<>();
        List<UUID> unknown = new ArrayList<>();
        for (UUID id : anyIds) {
            ApplicationView view = cache == null ? null : cache.get(id);
            if (view != null) {
                cached.put(id, view);
            } else {
                unknown.add(id);
            }
        }
        // live writers lock the views they change (a partition's previous owner may still be at work)
        ProjectionStore.BatchStart start = store.read(byPartition.keySet(), unknown, !target.exclusive(),
                waitingAmong(anyIds, cache));
        Map<TopicPartition, Long> stored = start.offsets();

        Map<TopicPartition, Long> positions = new HashMap<>();
        Map<TopicPartition, Long> rewinds = new HashMap<>();
        List<ProjectionChanges.Poison> unreadable = new ArrayList<>();
        List<StreamRecord> decoded = new ArrayList<>(records.size());
        Set<UUID> applicationIds = new LinkedHashSet<>();
        long behind = 0;
        for (var partition : byPartition.entrySet()) {
            TopicPartition tp = partition.getKey();
            Long storedOffset = stored.get(tp);
            Long expectedOffset = expected == null ? null : expected.get(tp);
            if (expectedOffset != null && (storedOffset == null || storedOffset < expectedOffset)) {
                rewinds.put(tp, storedOffset == null ? BatchOutcome.BEGINNING : storedOffset);
                continue;
            }
            long next = storedOffset == null ? 0 : storedOffset;
            for (Decoded record : partition.getValue()) {
                if (storedOffset != null && record.record().offset() < storedOffset) {
                    behind++; // applied before, by this consumer or by the partition's previous owner
                    continue;
                }
                next = Math.max(next, record.record().offset() + 1);
                if (record.failure() != null) {
                    unreadable.add(new ProjectionChanges.Poison(record.record(), record.failure()));
                } else {
                    decoded.add(record.stream());
                    if (record.stream().event() != null) {
                        applicationIds.add(record.stream().event().data().applicationId());
                    }
                }
            }
            positions.put(tp, next);
        }

        Map<UUID, ApplicationView> views = new HashMap<>(start.views());
        views.putAll(cached);
        ProjectionFold fold = new ProjectionFold(views, start.parked());
        decoded.forEach(fold::accept);
        ProjectionChanges changes = fold.changes();
        ViewCache.Staged staged = cache == null ? null : cache.stage(changes.views());
        store.write(changes, staged == null ? changes.views() : staged.write(), positions);

        List<ProjectionChanges.Poison> poisoned = new ArrayList<>(unreadable);
        poisoned.addAll(changes.poison());
        // after every write, so a failing write cannot dead-letter the same record again on each retry
        for (ProjectionChanges.Poison p : poisoned) {
            log.error("record {}-{}@{} can never be applied and is set aside: {}", p.record().topic(),
                    p.record().partition(), p.record().offset(), p.cause().toString());
            poison.setAside(p.record(), p.cause());
        }
        ProjectionChanges.Counts counts = changes.counts();
        Map<UUID, ApplicationView> changed = new HashMap<>();
        changes.views().forEach(v -> changed.put(v.applicationId(), v));
        return new Applied(new BatchOutcome(positions, rewinds, new ProjectionChanges.Counts(counts.applied(),
                counts.duplicates() + behind, counts.parked(), counts.poison() + unreadable.size(), counts.ignored()),
                changed), changes, staged, applicationIds);
    }

    private Set<UUID> waitingAmong(Set<UUID> applicationIds, ViewCache cache) {
        if (cache == null) {
            return applicationIds;
        }
        Set<UUID> waiting = cache.waitingAmong(applicationIds);
        if (waiting == null) {
            cache.knowWaiting(store.waitingApplications());
            waiting = cache.waitingAmong(applicationIds);
        }
        return waiting;
    }

    /** Sets aside one record the database refuses, and moves its partition past it. */
    private BatchOutcome setAside(ConsumerRecord<String, byte[]> record, ProjectionTarget target, PoisonHandler poison,
                                  RuntimeException cause) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        BatchOutcome outcome = transaction.execute(status -> {
            store.use(target);
            Long stored = store.read(List.of(tp), List.of(), false, List.of()).offsets().get(tp);
            if (stored != null && stored > record.offset()) {
                return new BatchOutcome(Map.of(tp, stored), Map.of(), new ProjectionChanges.Counts(0, 1, 0, 0, 0), Map.of());
            }
            store.saveOffsets(Map.of(tp, record.offset() + 1));
            log.error("record {}-{}@{} cannot be written and is set aside: {}", record.topic(), record.partition(),
                    record.offset(), cause.toString());
            poison.setAside(record, cause);
            return new BatchOutcome(Map.of(tp, record.offset() + 1), Map.of(), new ProjectionChanges.Counts(0, 0, 0, 1, 0),
                    Map.of());
        });
        count(target, outcome.counts());
        return outcome;
    }

    /**
     * Only what a record's content can cause: data the database refuses, or data that cannot be
     * written as JSON. A database or broker that is away, or a bug, is retried instead, so it can
     * never dead-letter a whole stream.
     */
    private static boolean isTheRecordsFault(RuntimeException e) {
        return e instanceof DataIntegrityViolationException || e instanceof JacksonException;
    }

    private void count(ProjectionTarget target, ProjectionChanges.Counts counts) {
        increment(target, "applied", counts.applied());
        increment(target, "duplicate", counts.duplicates());
        increment(target, "parked", counts.parked());
        increment(target, "poison", counts.poison());
        increment(target, "ignored", counts.ignored());
    }

    private void increment(ProjectionTarget target, String outcome, long amount) {
        if (amount > 0) {
            meters.counter("reklame.projection.records", "target", target.name(), "outcome", outcome).increment(amount);
        }
    }
}
