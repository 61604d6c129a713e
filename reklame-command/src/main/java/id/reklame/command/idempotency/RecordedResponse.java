package id.reklame.command.idempotency;

/** The first answer to a request with an Idempotency-Key: what a repeat of it is answered with. */
public record RecordedResponse(int status, String body, String location, String etag) {
}
