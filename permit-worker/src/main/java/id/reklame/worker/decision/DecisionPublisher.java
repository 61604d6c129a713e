package id.reklame.worker.decision;

import id.reklame.contracts.EventTypes;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.platform.observability.TraceContexts;
import id.reklame.worker.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes decisions on {@code reklame.permit-decisions.v1}, in order, and returns once the broker has them all.
 * Each is sent in the trace of the event it decides, and counted once the broker has it
 * ({@code reklame.worker.decisions{outcome}}, {@code reklame.worker.tax.assessed} in rupiah; a decision re-sent
 * after a crash counts again).
 */
@Component
public class DecisionPublisher {

    private static final String DECISION_TYPE_PREFIX = "id.reklame.decision.";

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final Duration timeout;
    private final TraceContexts traces;
    private final MeterRegistry meters;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Counter taxAssessed;

    public DecisionPublisher(KafkaTemplate<String, byte[]> kafka, TopicNames topics,
                             WorkerProperties settings, TraceContexts traces, MeterRegistry meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = settings.publishTimeout();
        this.traces = traces;
        this.meters = meters;
        this.taxAssessed = Counter.builder("reklame.worker.tax.assessed").baseUnit("rupiah")
                .description("Advertisement tax assessed in published SKPDs").register(meters);
    }

    public void publish(List<Decided> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sent = decisions.stream()
                .map(d -> traces.inContinued(d.metadata().traceparent(), "publish " + d.metadata().type(),
                        () -> kafka.send(CloudEventCodec.encode(topics.decisions(), d.metadata(), d.payload()))))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sent).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing decisions", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not publish " + decisions.size() + " decisions", e);
        }
        decisions.forEach(this::count);
    }

    private void count(Decided decided) {
        String type = decided.metadata().type();
        outcomes.computeIfAbsent(type, t -> Counter.builder("reklame.worker.decisions")
                .description("Decisions published, by outcome")
                .tag("outcome", outcome(t))
                .register(meters)).increment();
        if (EventTypes.classOf(type).filter(AssessedDecision.class::equals).isPresent()) {
            taxAssessed.increment(ReklameJson.mapper().readValue(decided.payload(), AssessedDecision.class)
                    .assessment().tax());
        }
    }

    /** {@code id.reklame.decision.revision.required.v1} is the outcome {@code revision_required}. */
    private static String outcome(String type) {
        String name = type.startsWith(DECISION_TYPE_PREFIX) ? type.substring(DECISION_TYPE_PREFIX.length()) : type;
        name = name.replaceFirst("\\.v\\d+$", "");
        return name.replace('.', '_').toLowerCase(Locale.ROOT);
    }
}
