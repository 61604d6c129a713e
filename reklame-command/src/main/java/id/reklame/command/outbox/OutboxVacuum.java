package id.reklame.command.outbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Vacuums the outbox after every several thousand deletes by the relays sharing it, on a thread of its
 * own so no relay waits for it. Every scan walks past the entries deleted since the last vacuum, and
 * autovacuum may come only once a minute: under load that walk, not the relaying, took most of the
 * relays' time.
 */
public final class OutboxVacuum implements AutoCloseable {

    static final int AFTER_DELETES = 10_000;

    private static final Logger log = LoggerFactory.getLogger(OutboxVacuum.class);

    private final JdbcClient jdbc;
    private final AtomicInteger deleted = new AtomicInteger();
    private final AtomicBoolean vacuuming = new AtomicBoolean();
    private final ExecutorService thread;

    public OutboxVacuum(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.thread = jdbc == null ? null
                : Executors.newSingleThreadExecutor(Thread.ofPlatform().name("outbox-vacuum").daemon().factory());
    }

    /** For relays that leave the vacuuming to others (and to autovacuum). */
    public static OutboxVacuum none() {
        return new OutboxVacuum(null);
    }

    /** Counts the relays' deletes and starts a vacuum when one is due and none is running. */
    void deleted(int justDeleted) {
        if (thread != null && due(justDeleted) && vacuuming.compareAndSet(false, true)) {
            thread.execute(() -> {
                try {
                    jdbc.sql("vacuum (skip_locked) outbox").update(); // another instance vacuuming it is as good
                } catch (RuntimeException e) {
                    log.debug("could not vacuum the outbox", e);
                } finally {
                    vacuuming.set(false);
                }
            });
        }
    }

    /** True for the one caller whose deletes completed another {@value #AFTER_DELETES}. */
    boolean due(int justDeleted) {
        return deleted.addAndGet(justDeleted) >= AFTER_DELETES && deleted.getAndSet(0) >= AFTER_DELETES;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
