package id.reklame.ingress.edge;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter.RequestHttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} on every forwarded request. What a trusted proxy in
 * front of the ingress already wrote is kept and the proxy's own address appended; from anyone else those headers
 * are replaced by what the ingress itself saw, so a caller cannot pass a forged address to the services.
 * <p>
 * Runs after the gateway's own filter, which drops every {@code X-Forwarded-*} header when the gateway's
 * trusted-proxies setting is unset (as here); the caller's originals are read from the request itself.
 */
class ForwardedHeaders implements RequestHttpHeadersFilter, Ordered {

    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    private final ClientAddresses clients;

    ForwardedHeaders(ClientAddresses clients) {
        this.clients = clients;
    }

    @Override
    public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
        HttpServletRequest servlet = request.servletRequest();
        HttpHeaders headers = HttpHeaders.copyOf(input);
        for (String name : List.copyOf(headers.headerNames())) {
            if (name.regionMatches(true, 0, "X-Forwarded-", 0, 12)) {
                headers.remove(name);
            }
        }

        boolean trusted = this.clients.fromTrustedProxy(servlet);
        List<String> chain = trusted ? ClientAddresses.forwardedFor(servlet) : List.of();
        headers.set(ClientAddresses.X_FORWARDED_FOR,
                chain.isEmpty() ? servlet.getRemoteAddr() : String.join(", ", chain) + ", " + servlet.getRemoteAddr());
        headers.set(X_FORWARDED_PROTO, believed(trusted, servlet.getHeader(X_FORWARDED_PROTO), servlet.getScheme()));
        String host = believed(trusted, servlet.getHeader(X_FORWARDED_HOST), servlet.getHeader(HttpHeaders.HOST));
        if (host != null) {
            headers.set(X_FORWARDED_HOST, host);
        }
        return headers;
    }

    private static String believed(boolean trusted, String forwarded, String seen) {
        return trusted && forwarded != null && !forwarded.isBlank() ? forwarded : seen;
    }

    /** After the gateway's removal of the caller's {@code X-Forwarded-*} (order 0), before hop-by-hop removal. */
    @Override
    public int getOrder() {
        return 100;
    }

}
