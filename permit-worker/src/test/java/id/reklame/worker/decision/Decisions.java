package id.reklame.worker.decision;

import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.testsupport.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.UUID;

/** Reads decisions back as contracts records, as reklame-command would. */
final class Decisions {

    static PermitDecision read(Decided decided) {
        return (PermitDecision) ReklameJson.mapper().readValue(decided.payload(),
                id.reklame.contracts.EventTypes.classOf(decided.metadata().type()).orElseThrow());
    }

    /** Reads the probe until a decision on the application of the given kind arrives. */
    static <D extends PermitDecision> D awaitDecision(TopicProbe probe, UUID applicationId, Class<D> kind) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var found = probe.settle(Duration.ofMillis(100)).stream()
                    .map(r -> CloudEventCodec.decode(r, PermitDecision.class).orElseThrow().data())
                    .filter(d -> kind.isInstance(d) && d.applicationId().equals(applicationId))
                    .map(kind::cast).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new AssertionError("no " + kind.getSimpleName() + " for " + applicationId + " within 30 s");
    }

    /** Reads the probe until a record that matches arrives. */
    static ConsumerRecord<String, byte[]> awaitRecord(TopicProbe probe, Predicate<ConsumerRecord<String, byte[]>> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var found = probe.settle(Duration.ofMillis(100)).stream().filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new AssertionError("no matching record within 30 s");
    }

    /** Every decision on the application read so far (and for a moment longer). */
    static List<PermitDecision> allFor(TopicProbe probe, UUID applicationId, Duration quiet) {
        return probe.settle(quiet).stream()
                .map(r -> CloudEventCodec.decode(r, PermitDecision.class).orElseThrow().data())
                .filter(d -> d.applicationId().equals(applicationId)).toList();
    }

    static List<AssessedDecision> assessed(List<PermitDecision> decisions) {
        return decisions.stream().filter(AssessedDecision.class::isInstance).map(AssessedDecision.class::cast).toList();
    }

    private Decisions() {
    }
}
