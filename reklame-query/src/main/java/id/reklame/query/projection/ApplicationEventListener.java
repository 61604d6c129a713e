package id.reklame.query.projection;

import id.reklame.platform.observability.TraceContexts;
import id.reklame.query.view.ViewChanges;
import io.micrometer.tracing.Span;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Feeds {@code reklame.applications.v1} into the live read models, a poll's worth of records per
 * transaction. Where each partition resumes is the read models' own stored offset, sought on every
 * assignment: what Kafka has committed for the group never decides what is applied. On a failure
 * nothing was stored, so the consumer goes back to where it stood and tries again after a pause.
 */
@Component
class ApplicationEventListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(ApplicationEventListener.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final ApplicationProjection projection;
    private final ProjectionStore store;
    private final ProjectionSchemas schemas;
    private final DeadLetterPoison poison;
    private final ViewChanges viewChanges;
    /** Where this instance's consumers stand in the partitions assigned to them. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Timer lag;
    private final ThreadLocal<Duration> pause = ThreadLocal.withInitial(() -> Duration.ZERO);
    private final TraceContexts traces;

    ApplicationEventListener(ApplicationProjection projection, ProjectionStore store, ProjectionSchemas schemas,
                             DeadLetterPoison poison, ViewChanges viewChanges, MeterRegistry meters,
                             TraceContexts traces) {
        this.traces = traces;
        this.lag = Timer.builder("reklame.projection.lag")
                .description("from a record's arrival on the topic to the commit of the read models it changed")
                .publishPercentileHistogram().register(meters);
        this.projection = projection;
        this.store = store;
        this.schemas = schemas;
        this.poison = poison;
        this.viewChanges = viewChanges;
    }

    @KafkaListener(id = "application-projection", topics = "${reklame.topics.applications:reklame.applications.v1}",
            groupId = "${reklame.kafka.group-id}", concurrency = "${reklame.kafka.concurrency:3}",
            containerFactory = ProjectionConfiguration.CONTAINER_FACTORY,
            autoStartup = "${reklame.query.projection.listen:true}",
            properties = "max.poll.records=${reklame.query.projection.max-poll-records:1000}")
    void on(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) throws InterruptedException {
        // a span per record in the trace it came with (spring-kafka observes single records only), ended at the commit
        List<Span> spans = records.stream().map(r -> traces.continued(traceparentOf(r), "project " + r.topic())).toList();
        BatchOutcome outcome;
        try {
            outcome = projection.apply(records, schemas.live(), positions, poison);
        } catch (RuntimeException e) {
            spans.forEach(span -> span.error(e).end());
            Duration next = pause.get().isZero() ? FIRST_PAUSE : min(pause.get().multipliedBy(2), LONGEST_PAUSE);
            pause.set(next);
            log.warn("could not apply {} records, retrying in {} ms: {}", records.size(), next.toMillis(), e.toString());
            goBack(records, consumer);
            Thread.sleep(next);
            return;
        }
        pause.remove();
        spans.forEach(Span::end);
        long committedAt = System.currentTimeMillis();
        records.forEach(r -> lag.record(Math.max(0, committedAt - r.timestamp()), TimeUnit.MILLISECONDS));
        positions.putAll(outcome.positions());
        outcome.rewinds().forEach((tp, offset) -> {
            log.info("the stored position of {} is {}, behind this consumer: the read models were switched; going back",
                    tp, offset == BatchOutcome.BEGINNING ? "unset" : offset);
            if (offset == BatchOutcome.BEGINNING) {
                consumer.seekToBeginning(List.of(tp));
                positions.remove(tp);
            } else {
                consumer.seek(tp, offset);
                positions.put(tp, offset);
            }
        });
        viewChanges.committed(outcome.changed());
    }

    private static String traceparentOf(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(TraceContexts.TRACEPARENT);
        return header == null || header.value() == null
                ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Nothing of the batch was stored: read it again from where each partition stood. */
    private void goBack(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        records.stream()
                .collect(java.util.stream.Collectors.toMap(r -> new TopicPartition(r.topic(), r.partition()),
                        ConsumerRecord::offset, Math::min))
                .forEach(consumer::seek);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        if (assignments.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = store.offsetsIn(schemas.live(),
                assignments.keySet().iterator().next().topic());
        for (TopicPartition tp : assignments.keySet()) {
            Long offset = stored.get(tp);
            if (offset == null) {
                callback.seekToBeginning(tp.topic(), tp.partition());
                positions.remove(tp);
            } else {
                callback.seek(tp.topic(), tp.partition(), offset);
                positions.put(tp, offset);
            }
        }
        log.info("resuming {} partition(s) at the read models' stored offsets", assignments.size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions != null) {
            partitions.forEach(positions::remove);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
