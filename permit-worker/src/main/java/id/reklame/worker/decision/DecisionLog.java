package id.reklame.worker.decision;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.ids.TimeOrderedIds;
import id.reklame.platform.kafka.EventMetadata;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every decision made, keyed by what triggered it (an event's {@code ce_id}, or a derived id for
 * a scheduled decision): a redelivered or replayed trigger gets the stored decision again, never a new one.
 */
@Repository
public class DecisionLog {

    /** A decision with the trigger it answers. */
    public record Entry(UUID triggerId, Decided decided) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public DecisionLog(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** The decision's id is derived from its trigger, so even a decision made twice in a race carries one id. */
    public static Entry entry(UUID triggerId, PermitDecision decision, Instant decidedAt, String traceparent) {
        UUID decisionId = TimeOrderedIds.derived(triggerId, "decision-for:" + triggerId);
        // PostgreSQL keeps microseconds: a decision read back must carry exactly the time it was first published with
        EventMetadata metadata = new EventMetadata(decisionId, EventTypes.typeOf(decision), CloudEventHeaders.WORKER_SOURCE,
                decision.applicationId().toString(), decidedAt.truncatedTo(ChronoUnit.MICROS),
                decision.applicationVersion(), traceparent);
        return new Entry(triggerId, new Decided(metadata, ReklameJson.mapper().writeValueAsBytes(decision)));
    }

    public Map<UUID, Decided> findByTriggers(Collection<UUID> triggerIds) {
        if (triggerIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        select trigger_event_id, decision_id, application_id, application_version, decision_type,
                               payload, decided_at, traceparent from decision where trigger_event_id = any(?)""")
                .param(triggerIds.toArray(UUID[]::new))
                .query((rs, n) -> new Entry(rs.getObject("trigger_event_id", UUID.class), new Decided(
                        new EventMetadata(rs.getObject("decision_id", UUID.class), rs.getString("decision_type"),
                                CloudEventHeaders.WORKER_SOURCE, rs.getString("application_id"),
                                rs.getTimestamp("decided_at").toInstant(), rs.getLong("application_version"),
                                rs.getString("traceparent")),
                        rs.getString("payload").getBytes(StandardCharsets.UTF_8))))
                .list().stream().collect(Collectors.toMap(Entry::triggerId, Entry::decided));
    }

    public void saveAll(List<Entry> entries) {
        batch.batchUpdate("""
                        insert into decision (decision_id, trigger_event_id, application_id, application_version,
                                              decision_type, payload, decided_at, traceparent)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""",
                entries.stream().map(e -> {
                    EventMetadata m = e.decided().metadata();
                    return new Object[] {m.id(), e.triggerId(), UUID.fromString(m.subject()), m.sequence(), m.type(),
                            new String(e.decided().payload(), StandardCharsets.UTF_8), Timestamp.from(m.time()), m.traceparent()};
                }).toList());
    }
}
