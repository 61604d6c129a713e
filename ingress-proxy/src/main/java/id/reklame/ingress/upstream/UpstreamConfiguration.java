package id.reklame.ingress.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The services behind the ingress, each with its instances, circuit breaker, bulkhead and retry (Resilience4j), whose
 * state is published as metrics ({@code resilience4j_circuitbreaker_state}, {@code resilience4j_bulkhead_*},
 * {@code resilience4j_retry_calls}, and {@code reklame_ingress_upstream_instance_live} per instance), and the
 * readiness check that each service has an instance to call.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    @Bean
    CircuitBreakerRegistry upstreamCircuitBreakers(ResilienceProperties resilience, MeterRegistry meters) {
        ResilienceProperties.CircuitBreaker settings = resilience.circuitBreaker();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindow(settings.slidingWindowCalls(), settings.minimumCalls(), SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(settings.failureRatePercent())
            .waitDurationInOpenState(settings.openFor())
            .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .writableStackTraceEnabled(false)
            .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    BulkheadRegistry upstreamBulkheads(MeterRegistry meters) {
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.custom()
            .maxWaitDuration(Duration.ZERO)
            .writableStackTraceEnabled(false)
            .build());
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    RetryRegistry upstreamRetries(ResilienceProperties resilience, MeterRegistry meters) {
        ResilienceProperties.Retry settings = resilience.retry();
        RetryRegistry registry = RetryRegistry.of(RetryConfig.<ServerResponse>custom()
            .maxAttempts(settings.maxAttempts())
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.firstBackoff(), 2.0, 0.5,
                    settings.maxBackoff()))
            .retryOnException(ex -> UpstreamFailure.of(ex) != null)
            .retryOnResult(response -> UpstreamFailure.isFailureStatus(response.statusCode()))
            .consumeResultBeforeRetryAttempt((attempt, response) -> {
                if (response instanceof ForwardedResponse forwarded) {
                    forwarded.discard();
                }
            })
            .writableStackTraceEnabled(false)
            .build());
        TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    Upstreams upstreams(UpstreamProperties upstreams, ResilienceProperties resilience,
            CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, RetryRegistry retries,
            MeterRegistry meters) {
        return new Upstreams(
                forwarding(Upstreams.COMMAND, upstreams.command(), resilience, circuitBreakers, bulkheads, retries, meters),
                forwarding(Upstreams.QUERY, upstreams.query(), resilience, circuitBreakers, bulkheads, retries, meters),
                forwarding(Upstreams.WORKER, upstreams.worker(), resilience, circuitBreakers, bulkheads, retries, meters));
    }

    private static UpstreamForwarding forwarding(String name, UpstreamProperties.Service service,
            ResilienceProperties resilience, CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
            RetryRegistry retries, MeterRegistry meters) {
        Upstream upstream = new Upstream(name, service.instances().stream().map(URI::create).toList(),
                resilience.passiveHealth());
        for (UpstreamInstance instance : upstream.instances()) {
            Gauge.builder("reklame.ingress.upstream.instance.live", instance,
                    i -> i.isLive(System.nanoTime()) ? 1 : 0)
                .tag("upstream", name)
                .tag("instance", instance.url())
                .description("1 while calls may go to the instance, 0 while it is left out after failing")
                .register(meters);
        }
        Bulkhead bulkhead = bulkheads.bulkhead(name, BulkheadConfig.from(bulkheads.getDefaultConfig())
            .maxConcurrentCalls(service.maxConcurrentCalls())
            .build());
        return new UpstreamForwarding(upstream, circuitBreakers.circuitBreaker(name), bulkhead, retries.retry(name),
                resilience.circuitBreaker().openFor());
    }

    /** Ready while every service has an instance calls may go to; part of the readiness group. */
    @Bean
    HealthIndicator upstreamsHealthIndicator(Upstreams upstreams, CircuitBreakerRegistry circuitBreakers) {
        return () -> {
            long now = System.nanoTime();
            boolean allReachable = true;
            Health.Builder health = Health.up();
            for (UpstreamForwarding forwarding : upstreams.all()) {
                Upstream upstream = forwarding.upstream();
                boolean live = upstream.hasLiveInstance(now);
                allReachable &= live;
                health.withDetail(upstream.name(), Map.of(
                        "liveInstances", upstream.instances().stream().filter(i -> i.isLive(now)).map(UpstreamInstance::url).toList(),
                        "leftOut", upstream.instances().stream().filter(i -> !i.isLive(now)).map(UpstreamInstance::url).toList(),
                        "circuit", circuitBreakers.circuitBreaker(upstream.name()).getState().name()));
            }
            return allReachable ? health.build() : health.down().build();
        };
    }

}
