package id.reklame.command.outbox;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * When to vacuum the outbox: after every few thousand deletes by all the relays sharing it, by one of
 * them. Every scan walks past the entries deleted since the last vacuum, and autovacuum may come only once
 * a minute: under load that walk, not the relaying, took most of the relays' time.
 */
public final class OutboxVacuum {

    static final int AFTER_DELETES = 5_000;

    private final AtomicInteger deleted = new AtomicInteger();

    /** Counts deletes; true for the one caller that should vacuum now. */
    boolean due(int justDeleted) {
        return deleted.addAndGet(justDeleted) >= AFTER_DELETES && deleted.getAndSet(0) >= AFTER_DELETES;
    }
}
