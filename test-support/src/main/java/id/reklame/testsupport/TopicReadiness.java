package id.reklame.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until a broker leads every partition of new topics itself, not only in its metadata.
 * <p>
 * A KRaft broker names the leader of a new partition in its metadata a few tens of milliseconds before its
 * replica manager has created the partition. A producer that starts within that window gets
 * {@code NOT_LEADER_OR_FOLLOWER} for its first batch to the partition while its next batches, already in
 * flight, land once the partition exists. The broker takes those as the start of the producer's sequence, so
 * the idempotent producer's retry of the first batch gets {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until it expires
 * after {@code delivery.timeout.ms}: records lost, and the ones that landed out of order. A leader answers
 * ListOffsets only for a partition it has created, so once every partition answers, no producer can meet that
 * window.
 */
public final class TopicReadiness {

    private TopicReadiness() {
    }

    /** Returns once every partition of the topics answers ListOffsets from its leader; fails after the timeout. */
    public static void await(Admin admin, Set<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                described.values().forEach(d -> d.partitions().forEach(
                        p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs((int) remainingMillis(deadline)))
                        .all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("Could not check topics " + topics, e.getCause());
                }
                last = e;
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new IllegalStateException("Topics " + topics + " not writable after " + timeout, last);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
