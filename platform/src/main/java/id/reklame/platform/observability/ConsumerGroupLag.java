package id.reklame.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * {@code reklame.kafka.consumer.lag{group}}: records on the topics this service's consumer group reads that the
 * group has not committed yet, summed over partitions, as the broker sees it (so it counts every instance of the
 * service, and shows a group that fell behind even while its consumers are down).
 */
public class ConsumerGroupLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLag.class);
    private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

    private record Reading(long takenAt, double lag) {
    }

    private final String group;
    private final Duration timeout;
    private final LazyAdmin admin;
    private volatile Reading reading;

    public ConsumerGroupLag(String group, Map<String, Object> adminConfig, Duration timeout, MeterRegistry registry) {
        this.group = group;
        this.admin = new LazyAdmin(adminConfig, "lag-" + group, timeout);
        this.timeout = timeout;
        Gauge.builder("reklame.kafka.consumer.lag", this, ConsumerGroupLag::lag)
                .description("Records not yet committed by the consumer group, over all its partitions (NaN while the broker is unreachable)")
                .tag("group", group)
                .register(registry);
    }

    double lag() {
        Reading current = reading;
        long now = System.nanoTime();
        if (current != null && now - current.takenAt() < CACHE_NANOS) {
            return current.lag();
        }
        current = new Reading(now, read());
        reading = current;
        return current.lag();
    }

    private double read() {
        try {
            long millis = timeout.toMillis();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.get().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(millis, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            if (latest.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.get().listOffsets(latest).all()
                    .get(millis, TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var entry : committed.entrySet()) {
                ListOffsetsResultInfo end = ends.get(entry.getKey());
                if (end != null && entry.getValue() != null) {
                    lag += Math.max(0, end.offset() - entry.getValue().offset());
                }
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (Exception e) {
            log.debug("cannot read the lag of consumer group {}", group, e);
            return Double.NaN;
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
