package id.reklame.worker.decision;

import id.reklame.platform.kafka.EventMetadata;

/** A decision ready to publish: its CloudEvents attributes and its JSON, exactly as first recorded. */
public record Decided(EventMetadata metadata, byte[] payload) {
}
