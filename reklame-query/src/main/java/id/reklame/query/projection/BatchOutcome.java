package id.reklame.query.projection;

import id.reklame.query.view.ApplicationView;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * What applying a batch did.
 *
 * @param positions the stored next offset of each partition the batch advanced
 * @param rewinds   partitions whose stored position is behind the consumer's (the read models were
 *                  switched under it): the consumer must go back there; {@link #BEGINNING} when none is stored
 * @param counts    how the records were taken
 * @param changed   the views the batch changed, as committed, by application
 */
public record BatchOutcome(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> rewinds,
                           ProjectionChanges.Counts counts, Map<UUID, ApplicationView> changed) {

    public static final long BEGINNING = -1;

    static final BatchOutcome NONE = new BatchOutcome(Map.of(), Map.of(), ProjectionChanges.Counts.NONE, Map.of());

    BatchOutcome plus(BatchOutcome other) {
        Map<TopicPartition, Long> positions = new HashMap<>(this.positions);
        positions.putAll(other.positions);
        Map<TopicPartition, Long> rewinds = new HashMap<>(this.rewinds);
        other.rewinds.forEach(rewinds::putIfAbsent);
        rewinds.keySet().forEach(positions::remove);
        Map<UUID, ApplicationView> changed = new HashMap<>(this.changed);
        changed.putAll(other.changed);
        return new BatchOutcome(Map.copyOf(positions), Map.copyOf(rewinds), counts.plus(other.counts), Map.copyOf(changed));
    }

    public long records() {
        return counts.applied() + counts.duplicates() + counts.parked() + counts.poison() + counts.ignored();
    }
}
