package id.reklame.command.eventstore;

import id.reklame.contracts.application.ApplicationEvent;
import java.time.Instant;
import java.util.UUID;

/** An event as the store holds it: its id, the version it produced, when, and the trace it belongs to. */
public record StoredEvent(UUID eventId, long version, Instant occurredAt, String traceparent, ApplicationEvent event) {
}
