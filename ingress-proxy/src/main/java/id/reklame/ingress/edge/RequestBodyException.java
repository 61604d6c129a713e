package id.reklame.ingress.edge;

import java.io.IOException;

import org.springframework.http.HttpStatus;

/**
 * The caller's request body, not the service, is why forwarding failed: it was larger than allowed (413) or the
 * caller stopped sending it (400). An {@link IOException} because it surfaces from the stream the gateway reads while
 * it forwards; whoever handles the failure finds it among the causes.
 */
public final class RequestBodyException extends IOException {

    private final HttpStatus status;

    private RequestBodyException(HttpStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    static RequestBodyException tooLarge(long limit) {
        return new RequestBodyException(HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than the " + limit + " bytes allowed.", null);
    }

    static RequestBodyException brokenOff(IOException cause) {
        return new RequestBodyException(HttpStatus.BAD_REQUEST, "The request body ended before it was complete.",
                cause);
    }

    public HttpStatus status() {
        return this.status;
    }

    /** The caller's body failure behind {@code ex}, if that is what it is. */
    public static RequestBodyException findIn(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyException body) {
                return body;
            }
        }
        return null;
    }

}
