package id.reklame.ingress.edge;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A token bucket per caller: up to {@code burst} requests at once, refilled at {@code requestsPerSecond}. A bucket
 * left alone long enough to be full again is forgotten (it would behave exactly like a new one), and at most
 * {@value #MAX_CALLERS} callers are tracked, so a flood of addresses cannot exhaust memory.
 */
final class ClientRateLimiter {

    static final int MAX_CALLERS = 100_000;

    private final double capacity;

    private final double tokensPerNano;

    private final LongSupplier nanoTime;

    private final Cache<String, Bucket> buckets;

    ClientRateLimiter(double requestsPerSecond, int burst, LongSupplier nanoTime) {
        this.capacity = burst;
        this.tokensPerNano = requestsPerSecond / TimeUnit.SECONDS.toNanos(1);
        this.nanoTime = nanoTime;
        long nanosToFill = (long) Math.ceil(burst / this.tokensPerNano);
        this.buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofNanos(nanosToFill))
            .maximumSize(MAX_CALLERS)
            .build();
    }

    /** Takes one request from the caller's allowance: zero if it may go ahead, else how long until it may. */
    Duration acquire(String caller) {
        Bucket bucket = this.buckets.get(caller, key -> new Bucket(this.capacity, this.nanoTime.getAsLong()));
        long wait = bucket.take(this.nanoTime.getAsLong(), this.capacity, this.tokensPerNano);
        return wait == 0 ? Duration.ZERO : Duration.ofNanos(wait);
    }

    private static final class Bucket {

        private double tokens;

        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(long now, double capacity, double tokensPerNano) {
            // a caller racing in with an earlier clock reading must not drain the bucket
            if (now > this.refilledAt) {
                this.tokens = Math.min(capacity, this.tokens + (now - this.refilledAt) * tokensPerNano);
                this.refilledAt = now;
            }
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - this.tokens) / tokensPerNano);
        }

    }

}
