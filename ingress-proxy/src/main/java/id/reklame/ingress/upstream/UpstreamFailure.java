package id.reklame.ingress.upstream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import id.reklame.ingress.edge.RequestBodyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * How a call to a service instance failed, as far as the caller and the instance's health are concerned. Anything
 * else (the caller's own body, a refusal by the ingress's circuit breaker or bulkhead) is not the instance's fault.
 */
enum UpstreamFailure {

    /** Connecting or answering took longer than the route allows: 504. */
    TIMED_OUT(HttpStatus.GATEWAY_TIMEOUT, "did not answer in time"),

    /** Nothing accepted the connection: 502. */
    UNREACHABLE(HttpStatus.BAD_GATEWAY, "could not be reached"),

    /** The connection failed while the call was under way: 502. */
    BROKEN(HttpStatus.BAD_GATEWAY, "broke off the call");

    private final HttpStatus status;

    private final String description;

    UpstreamFailure(HttpStatus status, String description) {
        this.status = status;
        this.description = description;
    }

    HttpStatus status() {
        return this.status;
    }

    String description() {
        return this.description;
    }

    /** What {@code ex} says about the instance; null when the instance is not to blame. */
    static UpstreamFailure of(Throwable ex) {
        if (RequestBodyException.findIn(ex) != null) {
            return null;
        }
        UpstreamFailure failure = null;
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            // InterruptedIOException: a socket read that timed out, or Apache's ConnectTimeoutException
            if (cause instanceof InterruptedIOException || cause instanceof HttpTimeoutException
                    || cause instanceof TimeoutException) {
                return TIMED_OUT;
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException) {
                failure = UNREACHABLE;
            }
            else if (cause instanceof IOException && failure == null) {
                failure = BROKEN;
            }
        }
        return failure;
    }

    /** An instance's own answer that says it cannot serve now: counted against it and retried where safe. */
    static boolean isFailureStatus(HttpStatusCode status) {
        int code = status.value();
        return code == 502 || code == 503 || code == 504;
    }

}
