package id.reklame.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Open gaps in the live read models, for operators: events parked because an earlier version of
 * their application never arrived. Shown under {@code GET /admin/projections/gaps}, in the
 * {@code projection} health details and as the {@code reklame.projection.gaps} gauge. A republish
 * of the application (or a re-drive of its dead-lettered event) closes a gap.
 */
@Component("projection")
public class ProjectionGaps implements HealthIndicator {

    public record Gap(UUID applicationId, long viewVersion, long version, String type, UUID eventId, String topic,
                      int partition, long offset, Instant detectedAt) {
    }

    private final JdbcClient jdbc;

    ProjectionGaps(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("reklame.projection.gaps", this, ProjectionGaps::parkedEventsOrNaN)
                .description("events parked behind a missing earlier version of their application")
                .register(meters);
    }

    public long parkedEvents() {
        return jdbc.sql("select count(*) from projection_gap").query(Long.class).single();
    }

    public List<Gap> oldest(int limit) {
        return jdbc.sql("""
                        select application_id, view_version, version, ce_type, event_id, topic, partition, record_offset,
                               detected_at
                        from projection_gap order by detected_at, application_id, version limit ?""")
                .param(limit)
                .query((rs, n) -> new Gap(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getInt(7), rs.getLong(8),
                        rs.getTimestamp(9).toInstant()))
                .list();
    }

    private double parkedEventsOrNaN() {
        try {
            return parkedEvents();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Up even with gaps: the service answers correctly for every other application; the details say which are behind. */
    @Override
    public Health health() {
        long parked = parkedEvents();
        long applications = jdbc.sql("select count(distinct application_id) from projection_gap").query(Long.class).single();
        return Health.up().withDetail("parkedEvents", parked).withDetail("applicationsWithGaps", applications).build();
    }
}
