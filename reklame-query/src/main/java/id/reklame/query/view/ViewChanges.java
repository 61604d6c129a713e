package id.reklame.query.view;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Wakes a reader waiting for an application's view to catch up ({@code minVersion}) as soon as this
 * instance has committed a change to that view, instead of letting every reader poll, and hands it the
 * view as committed, so it need not read it back. Readers still look again after a short while on their
 * own, for changes another instance committed.
 */
@Component
public class ViewChanges {

    private final ConcurrentHashMap<UUID, CompletableFuture<ApplicationView>> waiting = new ConcurrentHashMap<>();

    /** After a commit: the views it changed, as committed, by application. */
    public void committed(Map<UUID, ApplicationView> views) {
        if (waiting.isEmpty()) {
            return;
        }
        views.forEach((id, view) -> {
            CompletableFuture<ApplicationView> change = waiting.remove(id);
            if (change != null) {
                change.complete(view);
            }
        });
    }

    /** The next change to this application's view; ask before reading the view, so none is missed. */
    CompletableFuture<ApplicationView> next(UUID applicationId) {
        return waiting.computeIfAbsent(applicationId, id -> new CompletableFuture<>());
    }

    /**
     * A reader that waits no more lets go of the change it asked for, unless other readers wait on it too, so that
     * an application that never changes again leaves nothing behind.
     */
    void release(UUID applicationId, CompletableFuture<ApplicationView> change) {
        waiting.computeIfPresent(applicationId, (id, pending) ->
                pending == change && pending.getNumberOfDependents() == 0 ? null : pending);
    }

    /** The view as committed by the change, or null when {@code atMost} passed first. */
    static ApplicationView await(CompletableFuture<ApplicationView> change, Duration atMost) throws InterruptedException {
        try {
            return change.get(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null; // look again anyway
        }
    }
}
