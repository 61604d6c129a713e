package id.reklame.query.projection;

import id.reklame.query.history.HistoryEntry;
import id.reklame.query.view.ApplicationView;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one batch of records changes in the read models: the final state of every view it touched,
 * the timeline entries it added, the events it parked behind a gap or released from one (and which
 * of its applications still have events parked), and the records that can never be applied.
 */
record ProjectionChanges(Collection<ApplicationView> views, List<HistoryEntry> history, List<ParkedEvent> parked,
                         List<Unparked> unparked, Set<UUID> waiting, List<Poison> poison, Counts counts) {

    record Unparked(UUID applicationId, long version) {
    }

    record Poison(ConsumerRecord<String, byte[]> record, RuntimeException cause) {
    }

    /** How the batch's records were taken: applied, already applied, parked behind a gap, unreadable, or of an unknown type. */
    record Counts(long applied, long duplicates, long parked, long poison, long ignored) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(applied + other.applied, duplicates + other.duplicates, parked + other.parked,
                    poison + other.poison, ignored + other.ignored);
        }
    }
}
