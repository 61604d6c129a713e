package id.reklame.command.outbox;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the relay on a thread of its own: drain the outbox, then wait until a commit is notified
 * (LISTEN on a dedicated connection) or, as a safety net, until the poll interval has passed. While the
 * broker or the database is down, drains are retried with exponential backoff (Resilience4j); commands
 * keep being accepted meanwhile and wait in the outbox.
 */
public class OutboxRelayProcess implements SmartLifecycle {

    /** Starts before the web server and stops after it, so requests still running can be relayed. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayProcess.class);
    private static final long WAIT_SLICE_MILLIS = 250; // how quickly a stop is noticed while waiting
    private static final Duration RECHECK_WHILE_ANOTHER_RELAYS = Duration.ofMillis(100);

    private final OutboxRelay relay;
    private final OutboxConnections connections;
    private final OutboxProperties properties;
    private final Retry retry;
    private volatile boolean running;
    private volatile boolean backingOff;
    private volatile Thread thread;
    private Connection listener;

    public OutboxRelayProcess(OutboxRelay relay, OutboxConnections connections, OutboxProperties properties, Retry retry) {
        this.relay = relay;
        this.connections = connections;
        this.properties = properties;
        this.retry = retry;
        retry.getEventPublisher().onRetry(event -> {
            backingOff = true;
            log.warn("outbox relay attempt {} failed, next in {} ms: {}", event.getNumberOfRetryAttempts(),
                    event.getWaitInterval().toMillis(), String.valueOf(event.getLastThrowable()));
        });
    }

    /** The relay's retry: for ever, waiting longer after each failure up to the maximum. */
    public static RetryConfig retryConfig(OutboxProperties properties) {
        return RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.backoffInitial(), 2.0, 0.2,
                        properties.backoffMax()))
                .build();
    }

    private void run() {
        while (running) {
            listen(); // before draining, so a commit during the drain wakes the next one
            AtomicBoolean drained = new AtomicBoolean(true);
            try {
                retry.executeRunnable(() -> {
                    backingOff = false;
                    drained.set(relay.drain());
                });
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("outbox relay gave up a drain: {}", e.toString());
                }
            }
            Duration poll = properties.pollInterval();
            awaitNotification(drained.get() || poll.compareTo(RECHECK_WHILE_ANOTHER_RELAYS) < 0 ? poll
                    : RECHECK_WHILE_ANOTHER_RELAYS);
        }
        Thread.interrupted(); // a stop may have cut a backoff short; closing must not see it
        closeListener();
        relay.close();
    }

    private void listen() {
        if (listener != null) {
            return;
        }
        try {
            listener = connections.open();
            try (Statement statement = listener.createStatement()) {
                statement.execute("listen " + OutboxNotifier.CHANNEL);
            }
        } catch (SQLException e) {
            log.warn("cannot listen for outbox notifications, polling every {} until the database answers: {}",
                    properties.pollInterval(), e.getMessage());
            closeListener();
        }
    }

    /** Returns when a commit was notified, the time has passed, or the process stops. */
    private void awaitNotification(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long remaining;
        while (running && (remaining = (deadline - System.nanoTime()) / 1_000_000) > 0) {
            int slice = (int) Math.min(remaining, WAIT_SLICE_MILLIS);
            try {
                if (listener == null) {
                    Thread.sleep(slice);
                } else {
                    PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(slice);
                    if (notifications != null && notifications.length > 0) {
                        return;
                    }
                }
            } catch (SQLException e) {
                log.warn("lost the outbox notification connection: {}", e.getMessage());
                closeListener();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (SQLException e) {
                log.debug("closing the listening connection failed", e);
            }
            listener = null;
        }
    }

    @Override
    public void start() {
        if (!properties.relayEnabled() || running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    /** Lets a batch in flight finish (bounded by the send timeout), then ends the thread. */
    @Override
    public void stop() {
        running = false;
        Thread relaying = thread;
        thread = null;
        if (relaying == null) {
            return;
        }
        try {
            if (backingOff) {
                relaying.interrupt(); // nothing in flight: no need to sit out the backoff
            }
            relaying.join(properties.sendTimeout().toMillis() + WAIT_SLICE_MILLIS);
            if (relaying.isAlive()) {
                relaying.interrupt();
                relaying.join(properties.sendTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
