package id.reklame.platform.kafka;

import java.time.Instant;
import java.util.UUID;

/**
 * The CloudEvents attributes of one event. {@code id} is stable across redelivery and replay;
 * {@code sequence} is the application version the event produced (or, for a decision, was made on).
 */
public record EventMetadata(UUID id, String type, String source, String subject, Instant time, long sequence,
                            String traceparent) {
}
