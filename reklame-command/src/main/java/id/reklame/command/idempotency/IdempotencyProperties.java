package id.reklame.command.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param expiry          how long a key is remembered; after that the same key starts a new request
 * @param cleanupInterval how often keys older than {@code expiry} are deleted
 */
@ConfigurationProperties("reklame.idempotency")
public record IdempotencyProperties(Duration expiry, Duration cleanupInterval) {

    public IdempotencyProperties {
        expiry = expiry == null ? Duration.ofHours(24) : expiry;
        cleanupInterval = cleanupInterval == null ? Duration.ofMinutes(10) : cleanupInterval;
    }
}
