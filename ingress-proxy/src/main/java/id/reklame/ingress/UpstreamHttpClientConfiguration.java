package id.reklame.ingress;

import java.net.http.HttpClient;

import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client the gateway uses to call the services (Boot's auto-configured JDK {@code HttpClient}), tuned to
 * be a transparent hop:
 * <ul>
 * <li>HTTP/1.1 only: the services speak plain HTTP/1.1, so the JDK client's default attempt to upgrade every new
 * connection to h2c ({@code Upgrade: h2c}) is just noise, and it breaks with servers that half-support it;</li>
 * <li>no transparent compression: Spring's JDK request factory otherwise adds its own {@code Accept-Encoding} and
 * inflates gzip responses, so the caller's {@code Accept-Encoding} and the service's {@code Content-Encoding} would
 * not be what the other side sent.</li>
 * </ul>
 * Timeouts, pooling and load balancing belong here too when they are added.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamHttpClientConfiguration {

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> transparentUpstreamHttpClient() {
        return builder -> builder.withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
            .withCustomizer(factory -> factory.enableCompression(false));
    }

}
