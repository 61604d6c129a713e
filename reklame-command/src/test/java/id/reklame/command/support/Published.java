package id.reklame.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.ReceivedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What reached the applications topic, read back and checked the way a consumer relies on it. */
public final class Published {

    private final List<ConsumerRecord<String, byte[]>> records;

    public Published(List<ConsumerRecord<String, byte[]>> records) {
        this.records = records;
    }

    /** Each application's versions in the order they first appeared on the topic. */
    public Map<String, List<Long>> firstSeenVersionsByApplication() {
        Map<String, List<Long>> versions = new LinkedHashMap<>();
        Map<UUID, Boolean> seen = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : inOffsetOrder()) {
            ReceivedEvent<ApplicationEvent> event = CloudEventCodec.decode(record, ApplicationEvent.class).orElseThrow();
            if (seen.putIfAbsent(event.metadata().id(), true) == null) {
                versions.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event.metadata().sequence());
            }
        }
        return versions;
    }

    /** Records of each partition in offset order (the order a consumer of that partition sees). */
    private List<ConsumerRecord<String, byte[]>> inOffsetOrder() {
        return records.stream()
                .sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset()))
                .toList();
    }

    /** Every copy of an event is the same event: same ce_id, same version, same data, same key. */
    public void assertCopiesAreIdentical() {
        Map<String, ConsumerRecord<String, byte[]>> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String id = CloudEventCodec.decode(record, ApplicationEvent.class).orElseThrow().metadata().id().toString();
            ConsumerRecord<String, byte[]> original = first.putIfAbsent(id, record);
            if (original != null) {
                assertThat(record.key()).isEqualTo(original.key());
                assertThat(record.partition()).isEqualTo(original.partition());
                assertThat(Arrays.equals(record.value(), original.value())).as("same data for " + id).isTrue();
                assertThat(CloudEventCodec.decode(record, ApplicationEvent.class).orElseThrow().metadata())
                        .isEqualTo(CloudEventCodec.decode(original, ApplicationEvent.class).orElseThrow().metadata());
            }
        }
    }

    public long distinctEvents() {
        return records.stream().map(r -> CloudEventCodec.decode(r, ApplicationEvent.class).orElseThrow().metadata().id())
                .distinct().count();
    }

    public int size() {
        return records.size();
    }

    /** Each application's stream arrived complete and in order: 1, 2, …, n by first appearance. */
    public void assertEveryStreamCompleteAndInOrder(Map<String, Long> expectedVersions) {
        Map<String, List<Long>> seen = firstSeenVersionsByApplication();
        expectedVersions.forEach((application, last) -> {
            List<Long> expected = new ArrayList<>();
            for (long v = 1; v <= last; v++) {
                expected.add(v);
            }
            assertThat(seen.get(application)).as("versions of " + application + " in topic order").isEqualTo(expected);
        });
    }
}
