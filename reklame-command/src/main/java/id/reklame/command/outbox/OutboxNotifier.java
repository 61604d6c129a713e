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
 * after the appending transaction committed, on a connection of its own, coalesced while one is in flight.
 * <p>
 * Not from inside the appending transaction: PostgreSQL serialises the commits of all transactions that
 * notified (a database-wide lock held through the commit's WAL flush), which halved the commits per
 * second we measured. A notification lost to a crash between commit and NOTIFY costs one slow poll.
 */
@Component
public class OutboxNotifier implements SmartLifecycle {

    public static final String CHANNEL = "reklame_command_outbox";

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifier.class);
    private static final Object SYNCHRONIZATION_KEY = new Object();

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
            return;
        }
        if (!TransactionSynchronizationManager.hasResource(SYNCHRONIZATION_KEY)) {
            TransactionSynchronizationManager.bindResource(SYNCHRONIZATION_KEY, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SYNCHRONIZATION_KEY);
                    if (status == STATUS_COMMITTED) {
                        committed();
                    }
                }
            });
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
        while (running) {
            if (!committed.getAndSet(false)) {
                LockSupport.parkNanos(100_000_000L);
                continue;
            }
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
                LockSupport.parkNanos(1_000_000_000L); // the database is likely down: do not spin
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
