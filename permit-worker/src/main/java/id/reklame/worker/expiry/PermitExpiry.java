package id.reklame.worker.expiry;

import id.reklame.contracts.decision.ExpiredDecision;
import id.reklame.platform.ids.TimeOrderedIds;
import id.reklame.worker.WorkerProperties;
import id.reklame.worker.decision.Decided;
import id.reklame.worker.decision.DecisionLog;
import id.reklame.worker.decision.DecisionPublisher;
import id.reklame.worker.tracking.TrackedApplication;
import id.reklame.worker.tracking.TrackedApplications;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides EXPIRED for issued permits whose last day has passed: daily by default
 * ({@code reklame.worker.expiry.cron}, Asia/Jakarta), on one instance at a time (a PostgreSQL advisory
 * lock), once per permit. The decision depends only on the permit (expired on the day after its last
 * day, id derived from the application and its version), so a run cut short and repeated sends the
 * very same decision again, never a different one.
 */
@Component
public class PermitExpiry {

    private static final Logger log = LoggerFactory.getLogger(PermitExpiry.class);
    /** "RKLEXPRY": one lock for the job across all instances. */
    static final long LOCK = 0x524B4C4558505259L;

    private final TrackedApplications applications;
    private final DecisionLog decisions;
    private final DecisionPublisher publisher;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int batchSize;

    public PermitExpiry(TrackedApplications applications, DecisionLog decisions, DecisionPublisher publisher,
                        JdbcClient jdbc, TransactionTemplate transaction, Clock clock, WorkerProperties settings) {
        this.applications = applications;
        this.decisions = decisions;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.batchSize = settings.expiry().batchSize();
    }

    @Scheduled(cron = "${reklame.worker.expiry.cron:0 5 0 * * *}", zone = "Asia/Jakarta")
    public void daily() {
        int expired = expireBefore(LocalDate.now(clock.withZone(TrackedApplication.JAKARTA)));
        if (expired > 0) {
            log.info("decided {} permits expired", expired);
        }
    }

    /** Decides every issued permit whose last day lies before {@code today}; returns how many it decided. */
    public int expireBefore(LocalDate today) {
        int total = 0;
        while (true) {
            Integer decided = transaction.execute(status -> {
                if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()) {
                    return -1; // another instance is at it
                }
                List<TrackedApplication> ended = applications.lockIssuedEndingBefore(today, batchSize);
                List<DecisionLog.Entry> entries = new ArrayList<>(ended.size());
                for (TrackedApplication permit : ended) {
                    UUID trigger = TimeOrderedIds.derived(permit.id(),
                            "expiry-of:" + permit.id() + "@" + permit.version());
                    entries.add(DecisionLog.entry(trigger, new ExpiredDecision(permit.id(), permit.version(),
                            permit.endDate().plusDays(1)), clock.instant(), null));
                }
                decisions.saveAll(entries);
                applications.saveAll(ended.stream().map(TrackedApplication::withExpiryDecided).toList());
                // published before commit: if that fails nothing is recorded, and the next run sends the same again
                publisher.publish(entries.stream().map(DecisionLog.Entry::decided).toList());
                return entries.size();
            });
            if (decided == null || decided <= 0) {
                return total;
            }
            total += decided;
        }
    }
}
