package id.reklame.query.view;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Wakes readers waiting for a view to catch up ({@code minVersion}) as soon as this instance has
 * committed a batch, instead of letting them poll blindly. Readers still re-check on their own
 * after a short while, for batches another instance committed.
 */
@Component
public class ViewChanges {

    private final Object monitor = new Object();
    private long generation;

    public void committed() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /** Returns after the next commit or after {@code atMost}, whichever comes first. */
    void awaitNext(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (monitor) {
            long seen = generation;
            long remaining;
            while (generation == seen && (remaining = deadline - System.nanoTime()) > 0) {
                monitor.wait(Math.max(1, remaining / 1_000_000), 0);
            }
        }
    }
}
