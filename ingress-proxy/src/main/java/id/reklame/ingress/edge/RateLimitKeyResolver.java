package id.reklame.ingress.edge;

import org.springframework.web.servlet.function.ServerRequest;

/**
 * Whose allowance a request is counted against. The default ({@link #subjectOrAddress}) counts an authenticated
 * caller by its subject and anyone else by client address; declaring another bean of this type replaces it.
 */
@FunctionalInterface
public interface RateLimitKeyResolver {

    String keyFor(ServerRequest request);

    /**
     * The authenticated subject when the request has one (nothing authenticates yet, so today always the client
     * address as far as trusted proxies vouch for it).
     */
    static RateLimitKeyResolver subjectOrAddress(ClientAddresses clients) {
        return request -> request.principal()
            .map(principal -> "subject:" + principal.getName())
            .orElseGet(() -> "address:" + clients.clientAddress(request.servletRequest()));
    }

}
