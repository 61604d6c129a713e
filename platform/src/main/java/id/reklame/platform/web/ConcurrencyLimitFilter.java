package id.reklame.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets at most a set number of API requests be handled at once; the others wait their turn, first come first
 * served, and one that has waited too long is answered 503 with {@code Retry-After}.
 *
 * <p>Each request runs on a virtual thread of its own, so nothing else bounds how many are in the handler: with
 * more of them than database connections, the extra ones wait in the connection pool, which serves whoever
 * asks at the right moment rather than whoever asked first, and a few unlucky requests wait many times as long
 * as the rest. Waiting here, in order, keeps that wait the same for everyone (bench/command/README.md).
 */
public class ConcurrencyLimitFilter extends OncePerRequestFilter {

    private final Semaphore permits;
    private final long maxWaitNanos;
    private final String retryAfterSeconds;

    public ConcurrencyLimitFilter(int maxConcurrent, Duration maxWait) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("at least one request must be allowed at once");
        }
        this.permits = new Semaphore(maxConcurrent, true);
        this.maxWaitNanos = maxWait.toNanos();
        this.retryAfterSeconds = Long.toString(Math.max(1, maxWait.toSeconds()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
            ProblemResponse.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
                    "The service is busy; try again shortly");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    /** Requests waiting for their turn now (an estimate, for metrics). */
    public int waiting() {
        return permits.getQueueLength();
    }
}
