package id.reklame.command.replay;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.TopicNames;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Sends stored events to {@code reklame.applications.v1} again, exactly as the outbox relay first
 * sent them: same key, same value, same CloudEvents headers, the original {@code ce_id} among them.
 * Consumers take such a re-sent event as one they have seen (same id, same version); a consumer new
 * to the stream gets its history.
 */
class EventRepublisher {

    private static final int PAGE = 1000;
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private record Stored(long position, EventMetadata metadata, String payload) {
    }

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;

    EventRepublisher(JdbcClient jdbc, ProducerFactory<String, byte[]> producers, TopicNames topics) {
        this.jdbc = jdbc;
        // a template of its own, not observed: a re-sent event keeps the trace context it was first published with
        this.kafka = new KafkaTemplate<>(producers);
        this.topics = topics;
    }

    String topic() {
        return topics.applications();
    }

    long count(RepublishSelection selection) {
        Filter filter = filter(selection);
        return jdbc.sql("select count(*) from event_store where " + filter.condition()).params(filter.params())
                .query(Long.class).single();
    }

    /** Republishes the selection in store order; reports the running count after each acknowledged page. */
    long republish(RepublishSelection selection, LongConsumer progress) {
        Filter filter = filter(selection);
        long after = 0;
        long sent = 0;
        while (true) {
            List<Object> params = new ArrayList<>(filter.params());
            params.add(after);
            params.add(PAGE);
            List<Stored> page = jdbc.sql("""
                            select position, event_id, application_id, version, event_type, payload::text as payload,
                                   occurred_at, traceparent
                            from event_store where %s and position > ? order by position limit ?""".formatted(filter.condition()))
                    .params(params)
                    .query((rs, n) -> new Stored(rs.getLong("position"), new EventMetadata(
                            rs.getObject("event_id", UUID.class), rs.getString("event_type"),
                            CloudEventHeaders.COMMAND_SOURCE, rs.getString("application_id"),
                            rs.getTimestamp("occurred_at").toInstant(), rs.getLong("version"),
                            rs.getString("traceparent")), rs.getString("payload")))
                    .list();
            if (page.isEmpty()) {
                return sent;
            }
            // one idempotent producer, in store order: each partition keeps each application's order
            CompletableFuture<?>[] sends = page.stream()
                    .map(e -> kafka.send(CloudEventCodec.encode(topics.applications(), e.metadata(),
                            e.payload().getBytes(StandardCharsets.UTF_8))))
                    .toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(sends).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the broker did not acknowledge events after position " + after
                        + " (" + sent + " republished before them)", e);
            }
            sent += page.size();
            after = page.getLast().position();
            progress.accept(sent);
        }
    }

    private record Filter(String condition, List<Object> params) {
    }

    private static Filter filter(RepublishSelection selection) {
        return switch (selection) {
            case RepublishSelection.Everything e -> new Filter("true", List.of());
            case RepublishSelection.OneApplication a -> new Filter("application_id = ?", List.of(a.applicationId()));
            case RepublishSelection.Positions p -> new Filter("position between ? and ?", List.of(p.from(), p.to()));
            case RepublishSelection.Times t -> new Filter("occurred_at >= ? and occurred_at < ?",
                    List.of(Timestamp.from(t.from()), Timestamp.from(t.to())));
        };
    }
}
