package id.reklame.query.projection;

import id.reklame.query.view.ApplicationView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The views of one exclusive writer (a rebuild worker), the most recently used kept in memory, so
 * its next batches need not read them back; and which of its applications have parked events.
 * <p>
 * With write-behind on, a view changed by a batch is written to the database only when it leaves
 * the cache or at {@link #flush()}, not on every batch that touches it: an application with five
 * events spread over five batches is written once instead of five times. The cache changes only
 * after a batch committed ({@link #committed}), so a batch that fails leaves it as it was.
 */
public final class ViewCache {

    private final int capacity;
    private final LinkedHashMap<UUID, ApplicationView> views;
    private final Set<UUID> unwritten = new HashSet<>();
    private Set<UUID> waiting = new HashSet<>();
    private volatile boolean writeBehind;

    /** What one batch writes now, and what leaves the cache once it committed. */
    record Staged(List<ApplicationView> write, Set<UUID> evicted) {
    }

    public ViewCache(int capacity, boolean writeBehind) {
        this.capacity = capacity;
        this.writeBehind = writeBehind;
        this.views = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    ApplicationView get(UUID applicationId) {
        return views.get(applicationId);
    }

    /** The views a batch must write now: all it changed, or with write-behind only those pushed out of the cache. */
    Staged stage(Collection<ApplicationView> changed) {
        if (!writeBehind) {
            return new Staged(List.copyOf(changed), Set.of());
        }
        Set<UUID> changedIds = new HashSet<>();
        changed.forEach(v -> changedIds.add(v.applicationId()));
        long newcomers = changedIds.stream().filter(id -> !views.containsKey(id)).count();
        long excess = views.size() + newcomers - capacity;
        List<ApplicationView> write = new ArrayList<>();
        Set<UUID> evicted = new HashSet<>();
        for (Iterator<Map.Entry<UUID, ApplicationView>> eldest = views.entrySet().iterator();
             excess > 0 && eldest.hasNext(); ) {
            Map.Entry<UUID, ApplicationView> entry = eldest.next();
            if (changedIds.contains(entry.getKey())) {
                continue;
            }
            evicted.add(entry.getKey());
            if (unwritten.contains(entry.getKey())) {
                write.add(entry.getValue());
            }
            excess--;
        }
        return new Staged(write, evicted);
    }

    void committed(Staged staged, ProjectionChanges changes, Collection<UUID> applicationIds) {
        staged.evicted().forEach(id -> {
            views.remove(id);
            unwritten.remove(id);
        });
        staged.write().forEach(v -> unwritten.remove(v.applicationId()));
        for (ApplicationView view : changes.views()) {
            views.put(view.applicationId(), view);
            if (writeBehind) {
                unwritten.add(view.applicationId());
            }
        }
        // beyond capacity, forget the eldest that are written anyway (with write-behind, stage() made room already)
        for (Iterator<UUID> eldest = views.keySet().iterator(); views.size() > capacity && eldest.hasNext(); ) {
            if (!unwritten.contains(eldest.next())) {
                eldest.remove();
            }
        }
        if (waiting != null) {
            waiting.removeAll(applicationIds);
            waiting.addAll(changes.waiting());
        }
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

    void knowWaiting(Set<UUID> applicationIds) {
        waiting = new HashSet<>(applicationIds);
    }

    /** Forgets what is written anyway; what is not yet written stays (it is nowhere else). */
    void forgetWritten() {
        views.keySet().retainAll(unwritten);
        waiting = null;
    }

    /** The views changed but not yet written; write them, then call {@link #flushed}. */
    public List<ApplicationView> flush() {
        return unwritten.stream().map(views::get).toList();
    }

    public void flushed(Collection<ApplicationView> written) {
        written.forEach(v -> unwritten.remove(v.applicationId()));
    }

    /** From now on every batch writes what it changed. */
    public void writeThrough() {
        writeBehind = false;
    }

    public boolean hasUnwritten() {
        return !unwritten.isEmpty();
    }
}
