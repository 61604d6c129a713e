package id.reklame.ingress.upstream;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service behind the ingress and its instances. Calls go to the live instances in turn (round robin); when none is
 * live, to the one due back soonest, so a service whose every instance stumbled is tried again rather than written
 * off (its circuit breaker, not this, decides when to stop calling).
 */
public final class Upstream {

    private final String name;

    private final List<UpstreamInstance> instances;

    private final AtomicInteger turn = new AtomicInteger();

    Upstream(String name, List<URI> instances, ResilienceProperties.PassiveHealth health) {
        this.name = name;
        this.instances = instances.stream()
            .map(uri -> new UpstreamInstance(name, uri, health.maxFails(), health.failTimeout().toNanos()))
            .toList();
    }

    public String name() {
        return this.name;
    }

    public List<UpstreamInstance> instances() {
        return this.instances;
    }

    UpstreamInstance choose(long now) {
        int count = this.instances.size();
        int first = Math.floorMod(this.turn.getAndIncrement(), count);
        for (int i = 0; i < count; i++) {
            UpstreamInstance candidate = this.instances.get((first + i) % count);
            if (candidate.isLive(now)) {
                return candidate;
            }
        }
        UpstreamInstance soonest = this.instances.get(first);
        for (UpstreamInstance candidate : this.instances) {
            if (candidate.outUntil() - soonest.outUntil() < 0) {
                soonest = candidate;
            }
        }
        return soonest;
    }

    /** Whether any instance may take calls now: what readiness reports. */
    public boolean hasLiveInstance(long now) {
        for (UpstreamInstance instance : this.instances) {
            if (instance.isLive(now)) {
                return true;
            }
        }
        return false;
    }

}
