package id.reklame.platform.kafka;

/** A record that can never be read, however often it is retried: it belongs in a dead-letter topic. */
public class UndecodableEventException extends RuntimeException {

    public UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
