package id.reklame.command.outbox;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the relays, one thread each (each for its share of the outbox shards): drain, then wait until a
 * commit to one of its shards is notified or, as a safety net, until the poll interval has passed. One
 * thread LISTENs on a dedicated connection and wakes the relays of the shards each notification names.
 * While the broker or the database is down, drains are retried with exponential backoff (Resilience4j);
 * commands keep being accepted meanwhile and wait in the outbox.
 */
public class OutboxRelayProcess implements SmartLifecycle {

    /** Starts before the web server and stops after it, so requests still running can be relayed. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayProcess.class);
    private static final int LISTEN_SLICE_MILLIS = 250; // how quickly the listener notices a stop
    private static final Duration RECHECK_WHILE_ANOTHER_RELAYS = Duration.ofMillis(100);

    private final List<OutboxRelay> relays;
    private final OutboxConnections connections;
    private final OutboxProperties properties;
    private final Retry retry;
    private final List<WakeUp> wakeUps;
    private final Set<Thread> backingOff = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public OutboxRelayProcess(List<OutboxRelay> relays, OutboxConnections connections, OutboxProperties properties,
                              Retry retry) {
        this.relays = List.copyOf(relays);
        this.wakeUps = this.relays.stream().map(relay -> new WakeUp(relay.shardMask())).toList();
        this.connections = connections;
        this.properties = properties;
        this.retry = retry;
        retry.getEventPublisher().onRetry(event -> {
            backingOff.add(Thread.currentThread());
            log.warn("outbox relay attempt {} failed, next in {} ms: {}", event.getNumberOfRetryAttempts(),
                    event.getWaitInterval().toMillis(), String.valueOf(event.getLastThrowable()));
        });
    }

    /** The relays' retry: for ever, waiting longer after each failure up to the maximum. */
    public static RetryConfig retryConfig(OutboxProperties properties) {
        return RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.backoffInitial(), 2.0, 0.2,
                        properties.backoffMax()))
                .build();
    }

    /** A relay's notifications: how many named one of its shards, and a monitor to wait on for the next. */
    private static final class WakeUp {
        private final int shards;
        private long notifications; // guarded by this

        WakeUp(int shards) {
            this.shards = shards;
        }

        synchronized long seen() {
            return notifications;
        }

        synchronized void wake() {
            notifications++;
            notifyAll();
        }

        /** Returns when a commit was notified after {@code seen}, the time has passed, or the process stops. */
        synchronized void await(long seen, Duration atMost, BooleanSupplier running) {
            long deadline = System.nanoTime() + atMost.toNanos();
            long remaining;
            while (running.getAsBoolean() && notifications == seen && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void relay(OutboxRelay relay, WakeUp wakeUp) {
        while (running) {
            long seen = wakeUp.seen(); // a commit notified during the drain wakes the next one at once
            AtomicBoolean allShardsHeld = new AtomicBoolean(true);
            try {
                retry.executeRunnable(() -> {
                    backingOff.remove(Thread.currentThread());
                    allShardsHeld.set(relay.drain());
                });
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("outbox relay gave up a drain: {}", e.toString());
                }
            }
            Duration poll = properties.pollInterval();
            wakeUp.await(seen, allShardsHeld.get() || poll.compareTo(RECHECK_WHILE_ANOTHER_RELAYS) < 0 ? poll
                    : RECHECK_WHILE_ANOTHER_RELAYS, () -> running);
        }
        Thread.interrupted(); // a stop may have cut a backoff short; closing must not see it
        relay.close();
    }

    /** Wakes the relays of these shards (one bit each). */
    private void wake(int shards) {
        for (WakeUp wakeUp : wakeUps) {
            if ((wakeUp.shards & shards) != 0) {
                wakeUp.wake();
            }
        }
    }

    private void wakeAll() {
        wakeUps.forEach(WakeUp::wake);
    }

    /** LISTENs for commits and wakes the relays; without a connection they still look every poll interval. */
    private void listen(CountDownLatch listening) {
        Connection listener = null;
        boolean warned = false;
        while (running) {
            try {
                if (listener == null) {
                    listener = connections.open();
                    try (Statement statement = listener.createStatement()) {
                        statement.execute("listen " + OutboxNotifier.CHANNEL);
                    }
                    listening.countDown();
                    warned = false;
                    wakeAll(); // anything committed while not listening
                }
                PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(LISTEN_SLICE_MILLIS);
                if (received != null && received.length > 0) {
                    int shards = 0;
                    for (PGNotification notification : received) {
                        shards |= OutboxNotifier.shards(notification.getParameter());
                    }
                    wake(shards);
                }
            } catch (SQLException e) {
                if (!warned) {
                    log.warn("cannot listen for outbox notifications, the relays poll every {} until the database "
                            + "answers: {}", properties.pollInterval(), e.getMessage());
                    warned = true;
                }
                listening.countDown();
                close(listener);
                listener = null;
                sleep(1_000);
            }
        }
        close(listener);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the listening connection failed", e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void start() {
        if (!properties.relayEnabled() || running) {
            return;
        }
        running = true;
        CountDownLatch listening = new CountDownLatch(1);
        threads.add(Thread.ofPlatform().name("outbox-listener").daemon().start(() -> listen(listening)));
        try {
            listening.await(5, TimeUnit.SECONDS); // so no commit falls between the first drain and the LISTEN
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < relays.size(); i++) {
            OutboxRelay relay = relays.get(i);
            WakeUp wakeUp = wakeUps.get(i);
            threads.add(Thread.ofPlatform().name("outbox-relay-" + i).daemon().start(() -> relay(relay, wakeUp)));
        }
    }

    /** Lets batches in flight finish (bounded by the send timeout), then ends the threads. */
    @Override
    public synchronized void stop() {
        running = false;
        wakeAll();
        backingOff.forEach(Thread::interrupt); // nothing in flight there: no need to sit out the backoff
        long deadline = System.nanoTime() + properties.sendTimeout().plusSeconds(1).toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(properties.sendTimeout().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
