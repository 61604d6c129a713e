package id.reklame.ingress.upstream;

import java.util.Map;

import org.apache.hc.core5.util.TimeValue;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The HTTP clients the gateway uses to call the services: one Apache HttpClient 5 (and so one connection pool) per
 * service, with that service's connect and response timeouts, built by Boot's auto-configured builder and tuned to
 * be a transparent hop:
 * <ul>
 * <li>no cookie store: a {@code Set-Cookie} from a service is for the caller, never to be sent on behalf of the
 * next one;</li>
 * <li>no transparent compression, no default {@code User-Agent}: the caller's {@code Accept-Encoding} and
 * {@code User-Agent} and the service's {@code Content-Encoding} pass as the other side sent them;</li>
 * <li>no automatic retries: {@link UpstreamForwarding} decides about retries, on another instance;</li>
 * <li>a pooled connection idle for a while is checked before it is reused, so a connection the service has closed
 * is not handed a request it can only fail.</li>
 * </ul>
 * Apache's classic client does its socket I/O on the request's own (virtual) thread; measured on this project's
 * benchmark it costs about half the CPU per forwarded request of the JDK {@code HttpClient}, whose asynchronous
 * core hands every exchange between threads.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamHttpClients {

    /** Connections per service instance; the bulkhead keeps calls far below it, so a call never waits for one. */
    static final int MAX_CONNECTIONS_PER_INSTANCE = 1024;

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> transparentUpstreamHttpClient() {
        return builder -> builder
            .withHttpClientCustomizer(client -> client.disableCookieManagement()
                .disableContentCompression()
                .disableDefaultUserAgent()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(15)))
            .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(MAX_CONNECTIONS_PER_INSTANCE)
                .setMaxConnTotal(4 * MAX_CONNECTIONS_PER_INSTANCE))
            .withConnectionConfigCustomizer(connection -> connection.setValidateAfterInactivity(TimeValue.ofSeconds(2)));
    }

    /**
     * Replaces the gateway's single {@code RestClientProxyExchange}: the same forwarding, through the client of the
     * service {@link UpstreamForwarding} picked for the request.
     */
    @Bean
    ProxyExchange upstreamProxyExchange(UpstreamProperties upstreams, ClientHttpRequestFactoryBuilder<?> factories,
            GatewayMvcProperties gateway) {
        Map<String, ProxyExchange> exchanges = Map.of(
                Upstreams.COMMAND, exchange(upstreams.command(), factories, gateway),
                Upstreams.QUERY, exchange(upstreams.query(), factories, gateway),
                Upstreams.WORKER, exchange(upstreams.worker(), factories, gateway));
        return new ProxyExchange() {
            @Override
            public ServerResponse exchange(Request request) {
                Object upstream = request.getServerRequest().attributes().get(UpstreamForwarding.UPSTREAM_ATTRIBUTE);
                ProxyExchange exchange = exchanges.get(upstream);
                if (exchange == null) {
                    throw new IllegalStateException("No upstream chosen for " + request.getUri());
                }
                return exchange.exchange(request);
            }
        };
    }

    private static ProxyExchange exchange(UpstreamProperties.Service service, ClientHttpRequestFactoryBuilder<?> factories,
            GatewayMvcProperties gateway) {
        HttpClientSettings settings = HttpClientSettings.defaults()
            .withRedirects(HttpRedirects.DONT_FOLLOW)
            .withTimeouts(service.connectTimeout(), service.responseTimeout());
        return new RestClientProxyExchange(RestClient.builder().requestFactory(factories.build(settings)).build(),
                gateway);
    }

}
