package id.reklame.query.projection;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.EventMetadata;

/**
 * An event that arrived while an earlier version of its application was missing, kept until that
 * version arrives. {@code viewVersion} is the version the view had when the gap was found.
 */
public record ParkedEvent(EventMetadata metadata, ApplicationEvent event, long viewVersion, String topic,
                          int partition, long offset) {

    public long version() {
        return metadata.sequence();
    }
}
