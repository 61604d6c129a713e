package id.reklame.command.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final OutboxConnections connections;
    private final AtomicBoolean committed = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread thread;
    private Connection connection;

    public OutboxNotifier(OutboxConnections connections) {
        this.connections = connections;
    }

    /** Called inside a transaction that appended events: notifies once it has committed. */
    public void afterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed();
        } else if (TransactionSynchronizationManager.getSynchronizations().stream().noneMatch(NotifyOnCommit.class::isInstance)) {
            TransactionSynchronizationManager.registerSynchronization(new NotifyOnCommit());
        }
    }

    private final class NotifyOnCommit implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            committed();
        }
    }

    private void committed() {
        committed.set(true);
        Thread notifying = thread;
        if (notifying != null) {
            LockSupport.unpark(notifying);
        }
    }

    private void run() {
        long notBefore = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (!committed.get()) {
                LockSupport.parkNanos(100_000_000L);
                continue;
            }
            if (now - notBefore < 0) {
                LockSupport.parkNanos(notBefore - now); // commits meanwhile share the next NOTIFY
                continue;
            }
            committed.set(false);
            notBefore = now + SPACING_NANOS;
            try {
                if (connection == null) {
                    connection = connections.open();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("select pg_notify('" + CHANNEL + "', '')");
                }
            } catch (SQLException e) {
                log.warn("could not notify the outbox relays, they will find the events on their next poll: {}",
                        e.getMessage());
                closeConnection();
                committed.set(true); // try again, but the database is likely down: not at once
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
