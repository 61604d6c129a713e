package id.reklame.command.outbox;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param relayEnabled   whether this instance relays (several may: each shard has one relay at a time)
 * @param relayThreads   relays of this instance, each for its share of the 16 outbox shards
 * @param pollInterval   how long the relay waits for a notification before looking anyway
 * @param batchSize      events sent per round trip to the broker
 * @param sendTimeout    how long the broker may take to acknowledge a batch
 * @param backoffInitial first wait after a failed batch; it doubles up to {@code backoffMax}
 * @param backoffMax     longest wait between attempts while the broker or database is down
 */
@ConfigurationProperties("reklame.outbox")
@Validated
public record OutboxProperties(Boolean relayEnabled, Integer relayThreads, Duration pollInterval, @Positive Integer batchSize,
                               Duration sendTimeout, Duration backoffInitial, Duration backoffMax) {

    public OutboxProperties {
        relayEnabled = relayEnabled == null || relayEnabled;
        relayThreads = relayThreads == null ? 4 : relayThreads;
        if (relayThreads < 1 || relayThreads > OutboxRelay.SHARDS) {
            throw new IllegalArgumentException("reklame.outbox.relay-threads must be 1 to " + OutboxRelay.SHARDS);
        }
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize == null ? 1000 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
        backoffInitial = backoffInitial == null ? Duration.ofMillis(200) : backoffInitial;
        backoffMax = backoffMax == null ? Duration.ofSeconds(10) : backoffMax;
    }
}
