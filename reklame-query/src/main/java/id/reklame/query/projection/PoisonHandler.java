package id.reklame.query.projection;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Takes a record that can never be applied, so its partition moves on without it. */
@FunctionalInterface
public interface PoisonHandler {

    void setAside(ConsumerRecord<String, byte[]> record, Exception cause);
}
