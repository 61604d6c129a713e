package id.reklame.ingress.upstream;

import java.util.List;

/** The three services behind the ingress, each with the route filter that forwards to it. */
public record Upstreams(UpstreamForwarding command, UpstreamForwarding query, UpstreamForwarding worker) {

    public static final String COMMAND = "reklame-command";

    public static final String QUERY = "reklame-query";

    public static final String WORKER = "permit-worker";

    public List<UpstreamForwarding> all() {
        return List.of(this.command, this.query, this.worker);
    }

}
