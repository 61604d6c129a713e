package id.reklame.query.view;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Wakes a reader waiting for an application's view to catch up ({@code minVersion}) as soon as this
 * instance has committed a change to that view, instead of letting every reader poll. Readers still
 * look again after a short while on their own, for changes another instance committed.
 */
@Component
public class ViewChanges {

    private final ConcurrentHashMap<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** After a commit: the applications whose views it changed. */
    public void committed(Collection<UUID> applicationIds) {
        if (waiting.isEmpty()) {
            return;
        }
        for (UUID id : applicationIds) {
            CompletableFuture<Void> change = waiting.remove(id);
            if (change != null) {
                change.complete(null);
            }
        }
    }

    /** The next change to this application's view; ask before reading the view, so none is missed. */
    CompletableFuture<Void> next(UUID applicationId) {
        return waiting.computeIfAbsent(applicationId, id -> new CompletableFuture<>());
    }

    /** Returns after the change or after {@code atMost}, whichever comes first. */
    static void await(CompletableFuture<Void> change, Duration atMost) throws InterruptedException {
        try {
            change.get(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // look again anyway
        }
    }
}
