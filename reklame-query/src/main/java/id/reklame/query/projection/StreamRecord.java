package id.reklame.query.projection;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.ReceivedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record of the application stream with its decoded event; {@code event} is null for a later version of a known type. */
record StreamRecord(ConsumerRecord<String, byte[]> record, ReceivedEvent<ApplicationEvent> event) {
}
