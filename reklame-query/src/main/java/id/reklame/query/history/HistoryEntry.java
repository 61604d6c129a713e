package id.reklame.query.history;

import java.time.Instant;
import java.util.UUID;

/** One event on an application's timeline. */
public record HistoryEntry(UUID applicationId, long version, UUID eventId, String type, Instant occurredAt,
                           String summary) {
}
