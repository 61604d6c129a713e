package id.reklame.ingress.upstream;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One instance of a service and what the ingress has seen of it (passive health: nothing probes it). After
 * {@code maxFails} consecutive failures it is out for {@code failTimeout}; then it is tried again, on probation: one
 * more failure takes it out again, a success clears its record.
 */
public final class UpstreamInstance {

    private static final Log log = LogFactory.getLog(UpstreamInstance.class);

    private final String service;

    private final URI uri;

    private final String url;

    private final int maxFails;

    private final long failTimeoutNanos;

    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    private volatile boolean onProbation;

    private volatile long outUntil;

    private volatile boolean out;

    UpstreamInstance(String service, URI uri, int maxFails, long failTimeoutNanos) {
        this.service = service;
        this.uri = uri;
        this.url = uri.toString();
        this.maxFails = maxFails;
        this.failTimeoutNanos = failTimeoutNanos;
    }

    public URI uri() {
        return this.uri;
    }

    public String url() {
        return this.url;
    }

    /** Whether calls may go to this instance now. */
    public boolean isLive(long now) {
        return !this.out || now - this.outUntil >= 0;
    }

    /** When a taken-out instance is due back (nanoTime); only meaningful while it is out. */
    long outUntil() {
        return this.outUntil;
    }

    void succeeded() {
        // the common case touches no shared state
        if (this.out || this.consecutiveFailures.get() != 0) {
            this.consecutiveFailures.set(0);
            this.onProbation = false;
            if (this.out) {
                this.out = false;
                log.info(this.service + " instance " + this.url + " is answering again");
            }
        }
    }

    void failed(long now) {
        int failures = this.consecutiveFailures.incrementAndGet();
        if (failures >= this.maxFails || this.onProbation) {
            this.outUntil = now + this.failTimeoutNanos;
            this.out = true;
            this.onProbation = true;
            this.consecutiveFailures.set(0);
            log.warn(this.service + " instance " + this.url + " failed " + failures
                    + " time(s) in a row; leaving it out for " + this.failTimeoutNanos / 1_000_000 + " ms");
        }
    }

    @Override
    public String toString() {
        return this.url;
    }

}
