package id.reklame.command.eventstore;

import id.reklame.command.outbox.OutboxNotifier;
import id.reklame.command.outbox.OutboxRelay;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.observability.TraceContexts;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends events and their outbox entries in the caller's transaction, and reads streams back. */
@Repository
public class EventStore {

    private final JdbcClient jdbc;
    private final OutboxNotifier notifier;
    private final TraceContexts traces;

    public EventStore(JdbcClient jdbc, OutboxNotifier notifier, TraceContexts traces) {
        this.jdbc = jdbc;
        this.notifier = notifier;
        this.traces = traces;
    }

    /**
     * Appends one event and queues it for publication (in its application's outbox shard), in one
     * statement. Returns false, changing nothing, when an event with this id is already stored (a
     * redelivered decision, a repeated renewal). The event keeps the trace context it was caused in (the
     * request's or the decision's span), so the relay publishes it in the same trace.
     *
     * @throws VersionConflictException when another writer appended this version first
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean append(StoredEvent stored) {
        ApplicationEvent event = stored.event();
        try {
            boolean appended = !jdbc.sql("""
                            with appended as (
                                insert into event_store (event_id, application_id, version, event_type, payload, occurred_at, traceparent)
                                values (?, ?, ?, ?, ?::jsonb, ?, ?)
                                on conflict (event_id) do nothing
                                returning position)
                            insert into outbox (position, shard)
                            select position, ?::smallint from appended
                            returning position""")
                    .params(stored.eventId(), event.applicationId(), stored.version(), EventTypes.typeOf(event),
                            ReklameJson.mapper().writeValueAsString(event), Timestamp.from(stored.occurredAt()),
                            traces.currentOr(stored.traceparent()), OutboxRelay.shardOf(event.applicationId()))
                    .query(Long.class).list().isEmpty();
            if (appended) {
                notifier.afterCommit(event.applicationId());
            }
            return appended;
        } catch (DuplicateKeyException e) {
            throw new VersionConflictException(event.applicationId(), stored.version());
        }
    }

    /** The application's events, oldest first; empty when it does not exist. */
    public List<StoredEvent> load(UUID applicationId) {
        return jdbc.sql("""
                        select event_id, version, event_type, payload::text as payload, occurred_at, traceparent
                        from event_store where application_id = ? order by version""")
                .param(applicationId)
                .query((rs, n) -> new StoredEvent(rs.getObject("event_id", UUID.class), rs.getLong("version"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getString("traceparent"),
                        (ApplicationEvent) ReklameJson.mapper().readValue(rs.getString("payload"),
                                EventTypes.classOf(rs.getString("event_type")).orElseThrow())))
                .list();
    }
}
