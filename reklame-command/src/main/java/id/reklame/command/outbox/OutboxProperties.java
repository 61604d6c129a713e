package id.reklame.command.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pollInterval how long the relay sleeps when the outbox is drained
 * @param batchSize    events sent per round trip to the broker
 * @param sendTimeout  how long to wait for the broker to acknowledge a batch
 */
@ConfigurationProperties("reklame.outbox")
public record OutboxProperties(Duration pollInterval, Integer batchSize, Duration sendTimeout) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(50) : pollInterval;
        batchSize = batchSize == null ? 500 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
    }
}
