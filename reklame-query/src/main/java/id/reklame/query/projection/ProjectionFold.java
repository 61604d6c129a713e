package id.reklame.query.projection;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.query.history.EventSummary;
import id.reklame.query.history.HistoryEntry;
import id.reklame.query.view.ApplicationView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Folds a batch of records into the views they belong to, in memory: each application's events
 * apply in version order and once. A version already applied is a re-sent event and changes
 * nothing; a version beyond the next one is parked until the missing one arrives, which then
 * releases it. The result is written in one go by {@link ProjectionStore}.
 */
final class ProjectionFold {

    private final Map<UUID, ApplicationView> views;
    private final Map<UUID, NavigableMap<Long, ParkedEvent>> parked;
    private final Map<UUID, ApplicationView> changed = new LinkedHashMap<>();
    private final List<HistoryEntry> history = new ArrayList<>();
    private final Map<ParkedKey, ParkedEvent> newlyParked = new LinkedHashMap<>();
    private final Set<ParkedKey> unparked = new HashSet<>();
    private final List<ProjectionChanges.Poison> poison = new ArrayList<>();
    private long applied;
    private long duplicates;
    private long ignored;

    private record ParkedKey(UUID applicationId, long version) {
    }

    /**
     * @param views  the current views of the batch's applications (absent: not seen yet)
     * @param parked the events already parked for them, by version
     */
    ProjectionFold(Map<UUID, ApplicationView> views, Map<UUID, NavigableMap<Long, ParkedEvent>> parked) {
        this.views = new HashMap<>(views);
        this.parked = new HashMap<>();
        parked.forEach((id, events) -> this.parked.put(id, new TreeMap<>(events)));
    }

    /** Takes the next record; records of one application must come in the order of their partition. */
    void accept(StreamRecord streamRecord) {
        if (streamRecord.event() == null) {
            ignored++;
            return;
        }
        EventMetadata metadata = streamRecord.event().metadata();
        ApplicationEvent event = streamRecord.event().data();
        UUID id = event.applicationId();
        long version = metadata.sequence();
        long current = versionOf(id);
        NavigableMap<Long, ParkedEvent> waiting = parked.computeIfAbsent(id, k -> new TreeMap<>());
        if (version <= current || waiting.containsKey(version)) {
            duplicates++;
            return;
        }
        ConsumerRecord<String, byte[]> record = streamRecord.record();
        if (version > current + 1) {
            ParkedEvent parkedEvent = new ParkedEvent(metadata, event, current, record.topic(), record.partition(),
                    record.offset());
            waiting.put(version, parkedEvent);
            newlyParked.put(new ParkedKey(id, version), parkedEvent);
            return;
        }
        try {
            apply(metadata, event);
        } catch (RuntimeException e) {
            poison.add(new ProjectionChanges.Poison(record, e));
            return;
        }
        releaseParked(id, waiting);
    }

    /** Applies the events that waited for the version just applied, as far as they go without a gap. */
    private void releaseParked(UUID id, NavigableMap<Long, ParkedEvent> waiting) {
        ParkedEvent next;
        while ((next = waiting.remove(versionOf(id) + 1)) != null) {
            // a parked event follows an applied one, and ApplicationView.apply only refuses a first event that is not a submission
            apply(next.metadata(), next.event());
            ParkedKey key = new ParkedKey(id, next.version());
            if (newlyParked.remove(key) == null) {
                unparked.add(key);
            }
        }
    }

    private void apply(EventMetadata metadata, ApplicationEvent event) {
        UUID id = event.applicationId();
        ApplicationView next = ApplicationView.apply(views.get(id), event, metadata.sequence(), metadata.time());
        views.put(id, next);
        changed.put(id, next);
        history.add(new HistoryEntry(id, metadata.sequence(), metadata.id(), EventSummary.typeOf(event),
                metadata.time(), EventSummary.of(event)));
        applied++;
    }

    private long versionOf(UUID id) {
        ApplicationView view = views.get(id);
        return view == null ? 0 : view.version();
    }

    ProjectionChanges changes() {
        return new ProjectionChanges(List.copyOf(changed.values()), List.copyOf(history),
                List.copyOf(newlyParked.values()),
                unparked.stream().map(k -> new ProjectionChanges.Unparked(k.applicationId(), k.version())).toList(),
                parked.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                List.copyOf(poison),
                new ProjectionChanges.Counts(applied, duplicates, newlyParked.size(), poison.size(), ignored));
    }
}
