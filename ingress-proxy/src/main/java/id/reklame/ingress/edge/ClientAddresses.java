package id.reklame.ingress.edge;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.cloud.gateway.server.mvc.filter.TrustedProxies;
import org.springframework.util.StringUtils;

/**
 * Who is really calling: the connection's peer, unless that peer is a trusted proxy, in which case the nearest
 * untrusted address its {@code X-Forwarded-For} chain names. Trust is the gateway's own notion
 * ({@link TrustedProxies}, a regular expression over addresses); nobody is trusted unless configured.
 */
public final class ClientAddresses {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final TrustedProxies trusted;

    public ClientAddresses(String trustedProxies) {
        this.trusted = StringUtils.hasText(trustedProxies) ? TrustedProxies.from(trustedProxies) : address -> false;
    }

    /** Whether the connection comes from a proxy whose forwarding headers are believed. */
    public boolean fromTrustedProxy(HttpServletRequest request) {
        return this.trusted.isTrusted(request.getRemoteAddr());
    }

    /** The caller's address as far as it can be trusted. */
    public String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!this.trusted.isTrusted(peer)) {
            return peer;
        }
        List<String> chain = forwardedFor(request);
        // walk back from the nearest hop: the first address not a trusted proxy is the one that called them
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (!this.trusted.isTrusted(chain.get(i))) {
                return chain.get(i);
            }
        }
        return chain.isEmpty() ? peer : chain.get(0);
    }

    /** The {@code X-Forwarded-For} chain as received, oldest hop first, over all header lines. */
    static List<String> forwardedFor(HttpServletRequest request) {
        List<String> chain = new ArrayList<>();
        Enumeration<String> lines = request.getHeaders(X_FORWARDED_FOR);
        while (lines != null && lines.hasMoreElements()) {
            for (String address : StringUtils.commaDelimitedListToStringArray(lines.nextElement())) {
                if (StringUtils.hasText(address)) {
                    chain.add(address.strip());
                }
            }
        }
        return chain;
    }

}
