package id.reklame.command.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the outbox looks like from outside: how many events wait for the broker, how long the oldest
 * has waited, and how long events took from commit to the broker's acknowledgement.
 */
@Component
public class OutboxMetrics {

    private static final Logger log = LoggerFactory.getLogger(OutboxMetrics.class);

    private record Snapshot(long takenAt, double backlog, double oldestAgeSeconds) {
    }

    private static final long SNAPSHOT_NANOS = Duration.ofMillis(500).toNanos();

    private final JdbcClient jdbc;
    private final Timer lag;
    private final Counter published;
    private volatile Snapshot snapshot;

    public OutboxMetrics(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        Gauge.builder("reklame.outbox.backlog", this, m -> m.snapshot().backlog())
                .description("Events committed but not yet acknowledged by the broker")
                .register(registry);
        TimeGauge.builder("reklame.outbox.oldest.age", this, TimeUnit.SECONDS, m -> m.snapshot().oldestAgeSeconds())
                .description("How long the oldest event in the outbox has waited (0 when it is empty)")
                .register(registry);
        lag = Timer.builder("reklame.outbox.lag")
                .description("From an event's commit to the broker's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
        published = Counter.builder("reklame.outbox.published")
                .description("Events the broker acknowledged (a re-sent event counts again)")
                .register(registry);
    }

    /** One read of the table serves both gauges of a scrape. */
    private Snapshot snapshot() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current != null && now - current.takenAt() < SNAPSHOT_NANOS) {
            return current;
        }
        try {
            current = jdbc.sql("""
                            select count(*) as backlog,
                                   coalesce(extract(epoch from clock_timestamp() - min(enqueued_at)), 0) as age
                            from outbox""")
                    .query((rs, n) -> new Snapshot(now, rs.getLong("backlog"), Math.max(0, rs.getDouble("age"))))
                    .single();
        } catch (RuntimeException e) {
            log.debug("cannot read the outbox for its metrics", e);
            current = new Snapshot(now, Double.NaN, Double.NaN); // unknown while the database is unreachable
        }
        snapshot = current;
        return current;
    }

    void published(Duration commitToAcknowledgement) {
        lag.record(commitToAcknowledgement);
        published.increment();
    }
}
