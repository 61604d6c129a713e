package id.reklame.ingress.upstream;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The HTTP clients the gateway uses to call the services: one JDK {@code HttpClient} (and so one connection pool)
 * per service, with that service's connect and response timeouts, built by Boot's auto-configured builder and tuned
 * to be a transparent hop:
 * <ul>
 * <li>HTTP/1.1 only: the services speak plain HTTP/1.1, so the JDK client's default attempt to upgrade every new
 * connection to h2c ({@code Upgrade: h2c}) is just noise, and it breaks with servers that half-support it;</li>
 * <li>no transparent compression: Spring's JDK request factory otherwise adds its own {@code Accept-Encoding} and
 * inflates gzip responses, so the caller's {@code Accept-Encoding} and the service's {@code Content-Encoding} would
 * not be what the other side sent;</li>
 * <li>virtual threads for the client's own work (delivering responses, writing request bodies), where Spring would
 * otherwise start a platform thread for every request body;</li>
 * <li>no retry of a refused connection inside the JDK client: {@link UpstreamForwarding} decides about retries, on
 * another instance, and a refused instance must count as failed at once.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class UpstreamHttpClients {

    static {
        // read once, when the JDK client first sends a request
        if (System.getProperty("jdk.httpclient.disableRetryConnect") == null) {
            System.setProperty("jdk.httpclient.disableRetryConnect", "true");
        }
    }

    @Bean(destroyMethod = "close")
    ExecutorService upstreamClientExecutor() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> transparentUpstreamHttpClient(
            ExecutorService upstreamClientExecutor) {
        return builder -> builder.withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
            .withExecutor(upstreamClientExecutor)
            .withCustomizer(factory -> factory.enableCompression(false));
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
                String upstream = (String) request.getServerRequest().attributes().get(UpstreamForwarding.UPSTREAM_ATTRIBUTE);
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
