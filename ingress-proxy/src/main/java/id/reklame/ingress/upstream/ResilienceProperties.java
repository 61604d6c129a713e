package id.reklame.ingress.upstream;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the ingress copes with failing services, the same for each of them, bound from
 * {@code reklame.ingress.resilience.*}.
 *
 * @param retry repeating requests that are safe to repeat
 * @param circuitBreaker failing fast while a service keeps failing
 * @param passiveHealth leaving out an instance that just failed
 */
@Validated
@ConfigurationProperties("reklame.ingress.resilience")
public record ResilienceProperties(@Valid @DefaultValue Retry retry, @Valid @DefaultValue CircuitBreaker circuitBreaker,
        @Valid @DefaultValue PassiveHealth passiveHealth) {

    /**
     * Retries of safe requests after an instance could not be reached, timed out or answered 502, 503 or 504.
     *
     * @param maxAttempts attempts in all, the first one included
     * @param firstBackoff the pause before the first retry, doubling (with jitter) for each further one
     * @param maxBackoff the longest pause
     */
    public record Retry(@DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
            @DefaultValue("50ms") @NotNull Duration firstBackoff, @DefaultValue("1s") @NotNull Duration maxBackoff) {
    }

    /**
     * A circuit breaker per service over its recent calls.
     *
     * @param failureRatePercent the share of failed calls that opens the circuit
     * @param slidingWindowCalls how many recent calls the rate is taken over
     * @param minimumCalls calls needed before the rate counts
     * @param openFor how long an open circuit refuses calls before letting a few through to test the service
     * @param halfOpenCalls calls let through to test the service
     */
    public record CircuitBreaker(@DefaultValue("50") @Min(1) @Max(100) int failureRatePercent,
            @DefaultValue("20") @Min(1) int slidingWindowCalls, @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("10s") @NotNull Duration openFor, @DefaultValue("3") @Min(1) int halfOpenCalls) {
    }

    /**
     * Instances taken out after failing, as nginx's {@code max_fails} and {@code fail_timeout}.
     *
     * @param maxFails consecutive failures that take an instance out; an instance back from being out is taken out
     * again by its first failure
     * @param failTimeout how long an instance stays out before it is tried again
     */
    public record PassiveHealth(@DefaultValue("1") @Min(1) int maxFails,
            @DefaultValue("10s") @NotNull Duration failTimeout) {
    }

}
