package id.reklame.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The W3C trace context of the work at hand, for what travels where Micrometer's own instrumentation does
 * not reach: an event stored now and published later by the outbox relay, and records consumed a poll at a
 * time (spring-kafka observes only one record per listener call).
 */
public class TraceContexts {

    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span as a {@code traceparent} value, or null outside any span. */
    public String currentTraceparent() {
        Span span = tracer.currentSpan();
        return span == null || span.isNoop() ? null : traceparent(span.context());
    }

    /** The current span's context when there is one, else the given value (e.g. a caller's header). */
    public String currentOr(String traceparent) {
        String current = currentTraceparent();
        return current != null ? current : traceparent;
    }

    /**
     * A started span continuing the given {@code traceparent} (a new trace when it is null or malformed), not
     * yet in scope; the caller ends it.
     */
    public Span continued(String traceparent, String name) {
        Span.Builder builder = traceparent == null
                ? tracer.spanBuilder()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        return builder.name(name).kind(Span.Kind.CONSUMER).start();
    }

    /** Runs work in a span continuing the given {@code traceparent}, so its logs and sends carry that trace. */
    public <T> T inContinued(String traceparent, String name, Supplier<T> work) {
        Span span = continued(traceparent, name);
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    public static String traceparent(TraceContext context) {
        return "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01");
    }

    /** The trace id (32 hex digits) of a {@code traceparent} value, or null when it is not one. */
    public static String traceIdOf(String traceparent) {
        return traceparent != null && traceparent.length() == 55 ? traceparent.substring(3, 35) : null;
    }

    /** Where tracing is off altogether: nothing is current, and work runs as it is. */
    public static TraceContexts none() {
        return new TraceContexts(Tracer.NOOP, Propagator.NOOP);
    }
}
