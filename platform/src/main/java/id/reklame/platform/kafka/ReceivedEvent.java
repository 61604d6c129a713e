package id.reklame.platform.kafka;

/** An event read back from Kafka: its CloudEvents attributes and its data as a contracts record. */
public record ReceivedEvent<T>(EventMetadata metadata, T data) {
}
