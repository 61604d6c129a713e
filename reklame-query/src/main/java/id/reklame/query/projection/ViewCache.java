package id.reklame.query.projection;

import id.reklame.query.view.ApplicationView;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The views one exclusive writer (a rebuild worker) last committed, the most recently used kept,
 * so its next batches need not read them back; and which of its applications have parked events.
 * Only ever filled after a commit; emptied on any failure.
 */
public final class ViewCache {

    private final Map<UUID, ApplicationView> views;
    private Set<UUID> waiting = new HashSet<>();

    public ViewCache(int capacity) {
        this.views = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, ApplicationView> eldest) {
                return size() > capacity;
            }
        };
    }

    ApplicationView get(UUID applicationId) {
        return views.get(applicationId);
    }

    /** Which of these applications may have parked events; null when unknown since a failure. */
    Set<UUID> waitingAmong(Collection<UUID> applicationIds) {
        if (waiting == null) {
            return null;
        }
        Set<UUID> among = new HashSet<>(applicationIds);
        among.retainAll(waiting);
        return among;
    }

    void committed(ProjectionChanges changes, Collection<UUID> applicationIds) {
        changes.views().forEach(v -> views.put(v.applicationId(), v));
        if (waiting != null) {
            waiting.removeAll(applicationIds);
            waiting.addAll(changes.waiting());
        }
    }

    void knowWaiting(Set<UUID> applicationIds) {
        waiting = new HashSet<>(applicationIds);
    }

    void invalidate() {
        views.clear();
        waiting = null;
    }
}
