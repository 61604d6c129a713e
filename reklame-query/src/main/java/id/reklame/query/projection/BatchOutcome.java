package id.reklame.query.projection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * What applying a batch did.
 *
 * @param positions the stored next offset of each partition the batch advanced
 * @param rewinds   partitions whose stored position is behind the consumer's (the read models were
 *                  switched under it): the consumer must go back there; {@link #BEGINNING} when none is stored
 * @param counts    how the records were taken
 * @param changed   the applications whose views changed
 */
public record BatchOutcome(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> rewinds,
                           ProjectionChanges.Counts counts, Set<UUID> changed) {

    public static final long BEGINNING = -1;

    static final BatchOutcome NONE = new BatchOutcome(Map.of(), Map.of(), ProjectionChanges.Counts.NONE, Set.of());

    BatchOutcome plus(BatchOutcome other) {
        Map<TopicPartition, Long> positions = new HashMap<>(this.positions);
        positions.putAll(other.positions);
        Map<TopicPartition, Long> rewinds = new HashMap<>(this.rewinds);
        other.rewinds.forEach(rewinds::putIfAbsent);
        rewinds.keySet().forEach(positions::remove);
        Set<UUID> changed = new HashSet<>(this.changed);
        changed.addAll(other.changed);
        return new BatchOutcome(Map.copyOf(positions), Map.copyOf(rewinds), counts.plus(other.counts), Set.copyOf(changed));
    }

    public long records() {
        return counts.applied() + counts.duplicates() + counts.parked() + counts.poison() + counts.ignored();
    }
}
