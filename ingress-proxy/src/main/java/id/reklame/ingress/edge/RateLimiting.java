package id.reklame.ingress.edge;

import java.time.Duration;

import id.reklame.ingress.problem.IngressProblems;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The route filter that holds each caller to its allowance: over it, 429 with {@code Retry-After}, and the request
 * goes no further.
 */
public final class RateLimiting implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final ClientRateLimiter limiter;

    private final RateLimitKeyResolver keys;

    RateLimiting(ClientRateLimiter limiter, RateLimitKeyResolver keys) {
        this.limiter = limiter;
        this.keys = keys;
    }

    /** For a deploy that does not limit callers. */
    static RateLimiting off() {
        return new RateLimiting(null, null);
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        if (this.limiter == null) {
            return next.handle(request);
        }
        Duration wait = this.limiter.acquire(this.keys.keyFor(request));
        if (wait.isZero()) {
            return next.handle(request);
        }
        return IngressProblems.response(IngressProblems.problem(HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests from this client; slow down and try again after the time in Retry-After.",
                request.path()), wait);
    }

}
