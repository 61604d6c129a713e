package id.reklame.query.projection;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.query.history.HistoryEntry;
import id.reklame.query.view.ApplicationView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes the projection's tables in the caller's transaction, a batch at a time: a batch's
 * writes are one statement over arrays (unnest), whatever its size and however many tables it changes.
 * {@link #use} points the transaction at the live schema or a rebuild's.
 */
@Repository
class ProjectionStore {

    private final JdbcTemplate jdbc;
    /** The schema every pooled connection starts its transactions in (empty: unknown). */
    private final String connectionSchema;

    ProjectionStore(JdbcTemplate jdbc, @Value("${spring.datasource.hikari.schema:}") String connectionSchema) {
        this.jdbc = jdbc;
        this.connectionSchema = connectionSchema;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void use(ProjectionTarget target) {
        // the pool sets its schema on every connection, and the only change here is local to a transaction:
        // a batch for the live read models saves itself the round trip
        if (!target.schema().equals(connectionSchema)) {
            jdbc.execute("set local search_path to " + target.schema());
        }
        if (target.exclusive()) {
            // a rebuild that crashes starts over: its commits need not wait for the disk
            jdbc.execute("set local synchronous_commit = off");
        }
    }

    /** Every stored position of a topic in a schema, for a consumer that is given partitions to read. */
    public Map<TopicPartition, Long> offsetsIn(ProjectionTarget target, String topic) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        jdbc.query("select partition, next_offset from " + target.schema() + ".projection_offset where topic = ?",
                (ResultSet rs) -> {
                    offsets.put(new TopicPartition(topic, rs.getInt(1)), rs.getLong(2));
                }, topic);
        return offsets;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void saveOffsets(Map<TopicPartition, Long> positions) {
        offsetParts(positions).forEach(this::execute);
    }

    private static List<Part> offsetParts(Map<TopicPartition, Long> positions) {
        Map<String, List<Map.Entry<TopicPartition, Long>>> byTopic = new LinkedHashMap<>();
        positions.entrySet().forEach(e -> byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>()).add(e));
        List<Part> parts = new ArrayList<>();
        byTopic.forEach((topic, entries) -> parts.add(new Part("""
                        insert into projection_offset (topic, partition, next_offset)
                        select ?, p, o from unnest(?::int[], ?::bigint[]) as u(p, o)
                        on conflict (topic, partition) do update set next_offset = excluded.next_offset""",
                topic, strings(entries, e -> e.getKey().partition()), strings(entries, Map.Entry::getValue))));
        return parts;
    }

    /** What a batch starts from: its partitions' stored positions, and its applications' views and parked events. */
    record BatchStart(Map<TopicPartition, Long> offsets, Map<UUID, ApplicationView> views,
                      Map<UUID, NavigableMap<Long, ParkedEvent>> parked) {
    }

    /**
     * Reads what a batch starts from in one statement (one round trip however many tables): the stored
     * positions of these partitions, locked until the transaction ends (absent when never written); the
     * current views of {@code viewIds}, with {@code lockViews} locked too; and the events parked for
     * {@code parkedIds}, each application's by version. Offsets are locked before views, as everywhere.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BatchStart read(Collection<TopicPartition> partitions, Collection<UUID> viewIds, boolean lockViews,
                           Collection<UUID> parkedIds) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<UUID, ApplicationView> views = new HashMap<>();
        Map<UUID, NavigableMap<Long, ParkedEvent>> parked = new HashMap<>();
        jdbc.query("""
                        with o as (select topic, partition, next_offset from projection_offset
                                   where (topic, partition) in (select * from unnest(?::text[], ?::int[]))
                                   order by topic, partition for update),
                             v as (select document from application_view where application_id = any(?::uuid[])
                                   order by application_id""" + (lockViews ? " for update" : "") + """
                        ),
                             g as (select * from projection_gap where application_id = any(?::uuid[]))
                        select 'o' as part, topic, partition, next_offset, null::text as document,
                               null::uuid as application_id, null::bigint as version, null::bigint as view_version,
                               null::uuid as event_id, null::text as ce_type, null::timestamptz as occurred_at,
                               null::text as traceparent, null::text as payload, null::bigint as record_offset
                        from o
                        union all
                        select 'v', null, null, null, document, null, null, null, null, null, null, null, null, null
                        from v
                        union all
                        select 'g', topic, partition, null, null, application_id, version, view_version, event_id,
                               ce_type, occurred_at, traceparent, payload::text, record_offset
                        from g""",
                (ResultSet rs) -> {
                    switch (rs.getString("part")) {
                        case "o" -> offsets.put(new TopicPartition(rs.getString("topic"), rs.getInt("partition")),
                                rs.getLong("next_offset"));
                        case "v" -> {
                            ApplicationView view = ReklameJson.mapper().readValue(rs.getString("document"), ApplicationView.class);
                            views.put(view.applicationId(), view);
                        }
                        default -> {
                            ParkedEvent event = parkedEvent(rs);
                            parked.computeIfAbsent(event.event().applicationId(), k -> new TreeMap<>())
                                    .put(event.version(), event);
                        }
                    }
                }, strings(partitions, TopicPartition::topic), strings(partitions, TopicPartition::partition),
                strings(viewIds, UUID::toString), strings(parkedIds, UUID::toString));
        return new BatchStart(offsets, views, parked);
    }

    /** Every application with parked events. */
    @Transactional(propagation = Propagation.MANDATORY)
    public java.util.Set<UUID> waitingApplications() {
        return new java.util.HashSet<>(jdbc.queryForList("select distinct application_id from projection_gap", UUID.class));
    }

    private static ParkedEvent parkedEvent(ResultSet rs) throws SQLException {
        String type = rs.getString("ce_type");
        UUID applicationId = rs.getObject("application_id", UUID.class);
        ApplicationEvent event = (ApplicationEvent) ReklameJson.mapper().readValue(rs.getString("payload"),
                EventTypes.classOf(type).orElseThrow());
        EventMetadata metadata = new EventMetadata(rs.getObject("event_id", UUID.class), type,
                CloudEventHeaders.COMMAND_SOURCE, applicationId.toString(),
                rs.getTimestamp("occurred_at").toInstant(), rs.getLong("version"), rs.getString("traceparent"));
        return new ParkedEvent(metadata, event, rs.getLong("view_version"), rs.getString("topic"),
                rs.getInt("partition"), rs.getLong("record_offset"));
    }

    /**
     * Writes a batch's views, payments and history and the partitions' next offsets in one statement (the
     * first ones as data-modifying {@code with} clauses), so a batch costs one round trip however many tables
     * it changes; parked events, which are rare, in statements of their own.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void write(ProjectionChanges changes, Collection<ApplicationView> views, Map<TopicPartition, Long> positions) {
        List<Part> parts = new ArrayList<>(viewParts(views));
        historyPart(changes.history()).ifPresent(parts::add);
        parts.addAll(offsetParts(positions));
        execute(parts);
        saveParked(changes.parked());
        deleteParked(changes.unparked());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void writeViews(Collection<ApplicationView> views) {
        execute(viewParts(views));
    }

    /** One SQL statement and its arguments, which {@link #execute(List)} may join with others into one. */
    private record Part(String sql, Object... args) {
    }

    private void execute(Part part) {
        jdbc.update(part.sql(), part.args());
    }

    /** The parts as one statement: all but the last in {@code with} clauses, which PostgreSQL runs in full. */
    private void execute(List<Part> parts) {
        if (parts.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < parts.size() - 1; i++) {
            sql.append(i == 0 ? "with " : ", ").append("w").append(i).append(" as (").append(parts.get(i).sql()).append(")\n");
            args.addAll(List.of(parts.get(i).args()));
        }
        sql.append(parts.getLast().sql());
        args.addAll(List.of(parts.getLast().args()));
        jdbc.update(sql.toString(), args.toArray());
    }

    private static List<Part> viewParts(Collection<ApplicationView> views) {
        if (views.isEmpty()) {
            return List.of();
        }
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("""
                        insert into application_view (application_id, version, status, reklame_type, district, road_class,
                                                      submitted_at, updated_at, tax, assessed_on, permit_number, owner,
                                                      document)
                        select * from unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                                             ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::date[], ?::text[], ?::text[],
                                             ?::text[])
                        on conflict (application_id) do update set
                            version = excluded.version, status = excluded.status, reklame_type = excluded.reklame_type,
                            district = excluded.district, road_class = excluded.road_class,
                            submitted_at = excluded.submitted_at, updated_at = excluded.updated_at, tax = excluded.tax,
                            assessed_on = excluded.assessed_on, permit_number = excluded.permit_number,
                            owner = excluded.owner, document = excluded.document""",
                strings(views, ApplicationView::applicationId),
                strings(views, ApplicationView::version),
                strings(views, ApplicationView::status),
                strings(views, v -> v.reklame().type()),
                strings(views, v -> v.location().district()),
                strings(views, v -> v.location().roadClass()),
                strings(views, ApplicationView::submittedAt),
                strings(views, ApplicationView::updatedAt),
                strings(views, v -> v.assessment() == null ? null : v.assessment().tax()),
                strings(views, v -> v.assessment() == null ? null : v.assessment().assessedOn()),
                strings(views, v -> v.permit() == null ? null : v.permit().permitNumber()),
                strings(views, ApplicationView::owner),
                strings(views, v -> ReklameJson.mapper().writeValueAsString(v))));
        paymentPart(views).ifPresent(parts::add);
        return parts;
    }

    private static Optional<Part> paymentPart(Collection<ApplicationView> views) {
        record Row(UUID applicationId, String district, ApplicationView.Payment payment) {
        }
        // one row per reference: a statement may not upsert the same row twice
        Map<String, Row> rows = new LinkedHashMap<>();
        for (ApplicationView view : views) {
            for (ApplicationView.Payment payment : view.payments()) {
                rows.put(view.applicationId() + "/" + payment.reference(),
                        new Row(view.applicationId(), view.location().district(), payment));
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Collection<Row> all = rows.values();
        return Optional.of(new Part("""
                        insert into application_payment (application_id, reference, district, amount, paid_at, outcome)
                        select * from unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::text[])
                        on conflict (application_id, reference) do update set district = excluded.district,
                            amount = excluded.amount, paid_at = excluded.paid_at, outcome = excluded.outcome""",
                strings(all, Row::applicationId), strings(all, r -> r.payment().reference()),
                strings(all, Row::district), strings(all, r -> r.payment().amount()),
                strings(all, r -> r.payment().paidAt()), strings(all, r -> r.payment().outcome())));
    }

    private static Optional<Part> historyPart(List<HistoryEntry> history) {
        if (history.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Part("""
                        insert into application_history (application_id, version, event_id, event_type, occurred_at, summary)
                        select * from unnest(?::uuid[], ?::bigint[], ?::uuid[], ?::text[], ?::timestamptz[], ?::text[])
                        on conflict (application_id, version) do nothing""",
                strings(history, HistoryEntry::applicationId), strings(history, HistoryEntry::version),
                strings(history, HistoryEntry::eventId), strings(history, HistoryEntry::type),
                strings(history, HistoryEntry::occurredAt), strings(history, HistoryEntry::summary)));
    }

    private void saveParked(List<ParkedEvent> parked) {
        if (parked.isEmpty()) {
            return;
        }
        jdbc.update("""
                        insert into projection_gap (application_id, version, view_version, event_id, ce_type, occurred_at,
                                                    traceparent, payload, topic, partition, record_offset)
                        select * from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::uuid[], ?::text[], ?::timestamptz[],
                                             ?::text[], ?::jsonb[], ?::text[], ?::int[], ?::bigint[])
                        on conflict (application_id, version) do nothing""",
                strings(parked, p -> p.event().applicationId()), strings(parked, ParkedEvent::version),
                strings(parked, ParkedEvent::viewVersion), strings(parked, p -> p.metadata().id()),
                strings(parked, p -> p.metadata().type()), strings(parked, p -> p.metadata().time()),
                strings(parked, p -> p.metadata().traceparent()),
                strings(parked, p -> ReklameJson.mapper().writeValueAsString(p.event())),
                strings(parked, ParkedEvent::topic), strings(parked, ParkedEvent::partition),
                strings(parked, ParkedEvent::offset));
    }

    private void deleteParked(List<ProjectionChanges.Unparked> unparked) {
        if (unparked.isEmpty()) {
            return;
        }
        jdbc.update("""
                        delete from projection_gap g using unnest(?::uuid[], ?::bigint[]) as u(application_id, version)
                        where g.application_id = u.application_id and g.version = u.version""",
                strings(unparked, ProjectionChanges.Unparked::applicationId),
                strings(unparked, ProjectionChanges.Unparked::version));
    }

    /** Arrays travel as text[] and are cast in SQL: one simple encoding for every column type. */
    private static <T> String[] strings(Collection<T> items, Function<T, Object> value) {
        String[] values = new String[items.size()];
        int i = 0;
        for (T item : items) {
            Object v = value.apply(item);
            values[i++] = v == null ? null : v.toString();
        }
        return values;
    }
}
