package id.reklame.ingress.edge;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the ingress treats its callers, bound from {@code reklame.ingress.edge.*}.
 *
 * @param trustedProxies a regular expression matching the addresses of proxies in front of the ingress (e.g. a load
 * balancer) whose {@code X-Forwarded-*} headers are believed and appended to; empty trusts nobody, so a caller's own
 * {@code X-Forwarded-*} headers are replaced
 * @param maxRequestBody the largest request body forwarded; a larger one is answered 413
 * @param rateLimit requests allowed per caller
 * @param accessLog whether every request is written to stdout as one JSON line
 */
@Validated
@ConfigurationProperties("reklame.ingress.edge")
public record EdgeProperties(@DefaultValue("") String trustedProxies, @DefaultValue("1MB") DataSize maxRequestBody,
        @Valid @DefaultValue RateLimit rateLimit, @DefaultValue("true") boolean accessLog) {

    /**
     * A token bucket per caller: {@code burst} requests at once, refilled at {@code requestsPerSecond}.
     *
     * @param enabled whether callers are limited at all
     * @param requestsPerSecond the sustained rate each caller is allowed
     * @param burst how many requests a caller may make at once after being quiet
     */
    public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("50") @Positive double requestsPerSecond,
            @DefaultValue("100") @Positive int burst) {
    }

    @AssertTrue(message = "trusted-proxies must be a regular expression")
    boolean isTrustedProxiesAPattern() {
        try {
            Pattern.compile(this.trustedProxies);
            return true;
        }
        catch (PatternSyntaxException ex) {
            return false;
        }
    }

    @AssertTrue(message = "max-request-body must be positive")
    boolean isMaxRequestBodyPositive() {
        return this.maxRequestBody.toBytes() > 0;
    }

}
