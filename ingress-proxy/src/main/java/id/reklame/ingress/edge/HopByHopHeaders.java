package id.reklame.ingress.edge;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter.RequestHttpHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter.ResponseHttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Hop-by-hop headers beyond the fixed list the gateway already strips ({@code Connection}, {@code Keep-Alive},
 * {@code TE}, {@code Transfer-Encoding}, {@code Upgrade}, ...): every header a {@code Connection} header names
 * (RFC 9110 section 7.6.1), the non-standard {@code Proxy-Connection}, and a caller's {@code Expect}, which the
 * ingress answers itself. They describe one connection, so they stop at the ingress in both directions. Runs before the gateway's own removal, while {@code Connection} is still
 * there to read.
 */
final class HopByHopHeaders {

    private static final int ORDER = 10;

    private HopByHopHeaders() {
    }

    static HttpHeaders strip(HttpHeaders input, Set<String> alwaysRemoved) {
        Set<String> nominated = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        nominated.addAll(alwaysRemoved);
        List<String> connection = input.get(HttpHeaders.CONNECTION);
        if (connection != null) {
            for (String line : connection) {
                for (String token : StringUtils.commaDelimitedListToStringArray(line)) {
                    if (StringUtils.hasText(token)) {
                        nominated.add(token.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        // most messages carry none of them: no copy then
        if (nominated.stream().noneMatch(input::containsHeader)) {
            return input;
        }
        HttpHeaders headers = HttpHeaders.copyOf(input);
        for (String name : List.copyOf(headers.headerNames())) {
            if (nominated.contains(name)) {
                headers.remove(name);
            }
        }
        return headers;
    }

    static final class OnRequest implements RequestHttpHeadersFilter, Ordered {

        // the ingress itself answers a caller's Expect: 100-continue
        private static final Set<String> ALWAYS = Set.of("Proxy-Connection", "Expect");

        @Override
        public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
            return strip(input, ALWAYS);
        }

        @Override
        public int getOrder() {
            return ORDER;
        }

    }

    static final class OnResponse implements ResponseHttpHeadersFilter, Ordered {

        private static final Set<String> ALWAYS = Set.of("Proxy-Connection");

        @Override
        public HttpHeaders apply(HttpHeaders input, ServerResponse response) {
            return strip(input, ALWAYS);
        }

        @Override
        public int getOrder() {
            return ORDER;
        }

    }

}
