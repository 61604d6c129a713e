package id.reklame.query.view;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.query.ApplicationStreams;
import id.reklame.query.ApplicationStreams.Versioned;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ViewChangesTest {

    private final ViewChanges changes = new ViewChanges();
    private final Versioned submitted = new ApplicationStreams(3).life().getFirst();
    private final ApplicationView view = ApplicationView.apply(null, submitted.event(), submitted.version(), submitted.at());
    private final UUID id = view.applicationId();

    @Test
    void aWaitingReaderIsHandedTheViewAsCommitted() throws InterruptedException {
        CompletableFuture<ApplicationView> change = changes.next(id);

        changes.committed(Map.of(id, view));

        assertThat(ViewChanges.await(change, Duration.ofSeconds(1))).isEqualTo(view);
    }

    @Test
    void aReaderThatWaitedInVainGetsNothing() throws InterruptedException {
        CompletableFuture<ApplicationView> change = changes.next(id);

        changes.committed(Map.of(UUID.randomUUID(), view));

        assertThat(ViewChanges.await(change, Duration.ofMillis(20))).isNull();
    }

    @Test
    void aReleasedChangeLeavesNothingBehind() {
        CompletableFuture<ApplicationView> change = changes.next(id);

        changes.release(id, change);

        assertThat(changes.next(id)).isNotSameAs(change);
    }

    @Test
    void aChangeAnotherReaderWaitsOnIsKept() throws Exception {
        CompletableFuture<ApplicationView> change = changes.next(id);
        CompletableFuture<ApplicationView> other = CompletableFuture.supplyAsync(() -> {
            try {
                return ViewChanges.await(changes.next(id), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (change.getNumberOfDependents() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }

        changes.release(id, change);
        changes.committed(Map.of(id, view));

        assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo(view);
    }
}
