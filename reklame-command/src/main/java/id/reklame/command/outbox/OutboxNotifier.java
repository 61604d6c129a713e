package id.reklame.command.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the relays (of every instance) when events were committed: a NOTIFY on {@value #CHANNEL}, sent
 * after the appending transaction committed, on a connection of its own; commits close together share one.
 * Its payload is the outbox shards committed to, as a bit mask in decimal, so only the relays of those
 * shards wake (see {@link #shards(String)}).
 * <p>
 * Not from inside the appending transaction: PostgreSQL serialises the commits of all transactions that
 * notified (a database-wide lock held through the commit's WAL flush), which halved the commits per
 * second we measured. A notification lost to a crash between commit and NOTIFY costs one slow poll.
 */
@Component
public class OutboxNotifier implements SmartLifecycle {

    public static final String CHANNEL = "reklame_command_outbox";

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifier.class);
    /** At most one NOTIFY per this many nanoseconds: under load the relay is busy anyway, and PostgreSQL is too. */
    private static final long SPACING_NANOS = 5_000_000L;
    private static final int ALL_SHARDS = (1 << OutboxRelay.SHARDS) - 1;

    private final OutboxConnections connections;
    /** The shards committed to and not yet notified, one bit each. */
    private final AtomicInteger committed = new AtomicInteger();
    private volatile boolean running;
    private volatile Thread thread;
    private Connection connection;

    public OutboxNotifier(OutboxConnections connections) {
        this.connections = connections;
    }

    /** Called inside a transaction that appended an event of this application: notifies once it has committed. */
    public void afterCommit(UUID applicationId) {
        int shard = 1 << OutboxRelay.shardOf(applicationId);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed(shard);
            return;
        }
        for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
            if (registered instanceof NotifyOnCommit notify) {
                notify.shards |= shard;
                return;
            }
        }
        TransactionSynchronizationManager.registerSynchronization(new NotifyOnCommit(shard));
    }

    /**
     * The shards a notification's payload names; all of them when it names none it can read (an older
     * instance's empty payload), since a relay woken for nothing only looks once.
     */
    public static int shards(String payload) {
        try {
            int shards = Integer.parseInt(payload) & ALL_SHARDS;
            return shards != 0 ? shards : ALL_SHARDS;
        } catch (NumberFormatException e) {
            return ALL_SHARDS;
        }
    }

    private final class NotifyOnCommit implements TransactionSynchronization {
        private int shards;

        NotifyOnCommit(int shards) {
            this.shards = shards;
        }

        @Override
        public void afterCommit() {
            committed(shards);
        }
    }

    private void committed(int shards) {
        committed.getAndUpdate(pending -> pending | shards);
        Thread notifying = thread;
        if (notifying != null) {
            LockSupport.unpark(notifying);
        }
    }

    private void run() {
        long notBefore = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (committed.get() == 0) {
                LockSupport.parkNanos(100_000_000L);
                continue;
            }
            if (now - notBefore < 0) {
                LockSupport.parkNanos(notBefore - now); // commits meanwhile share the next NOTIFY
                continue;
            }
            int shards = committed.getAndSet(0);
            notBefore = now + SPACING_NANOS;
            try {
                if (connection == null) {
                    connection = connections.open();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("select pg_notify('" + CHANNEL + "', '" + shards + "')");
                }
            } catch (SQLException e) {
                log.warn("could not notify the outbox relays, they will find the events on their next poll: {}",
                        e.getMessage());
                closeConnection();
                committed(shards); // try again, but the database is likely down: not at once
                notBefore = System.nanoTime() + 1_000_000_000L;
            }
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the notifying connection failed", e);
            }
            connection = null;
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("outbox-notifier").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread notifying = thread;
        thread = null;
        if (notifying != null) {
            LockSupport.unpark(notifying);
            try {
                notifying.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the relay, which stops after the web server has finished its requests. */
    @Override
    public int getPhase() {
        return OutboxRelayProcess.PHASE - 1;
    }
}
