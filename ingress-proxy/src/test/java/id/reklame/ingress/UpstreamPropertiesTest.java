package id.reklame.ingress;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream base URLs are checked when the ingress starts, so a broken deploy fails fast. */
class UpstreamPropertiesTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesOnly.class)
        .withPropertyValues("reklame.ingress.upstreams.command=http://localhost:8081",
                "reklame.ingress.upstreams.query=http://reklame-query:8082/",
                "reklame.ingress.upstreams.worker=https://permit-worker.internal");

    @Test
    void bindsValidBaseUrls() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            UpstreamProperties upstreams = context.getBean(UpstreamProperties.class);
            assertThat(upstreams.command()).isEqualTo("http://localhost:8081");
            assertThat(upstreams.query()).isEqualTo("http://reklame-query:8082/");
            assertThat(upstreams.worker()).isEqualTo("https://permit-worker.internal");
        });
    }

    @Test
    void rejectsAMissingUrl() {
        this.runner.withPropertyValues("reklame.ingress.upstreams.query=")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("reklame.ingress.upstreams.query"));
    }

    @Test
    void rejectsSomethingThatIsNotAnHttpBaseUrl() {
        this.runner.withPropertyValues("reklame.ingress.upstreams.command=localhost:8081")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("reklame.ingress.upstreams.command")
                .hasMessageContaining("http(s) base URL"));
    }

    @Test
    void rejectsABaseUrlWithAPathTheGatewayWouldIgnore() {
        this.runner.withPropertyValues("reklame.ingress.upstreams.worker=http://localhost:8083/worker")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("reklame.ingress.upstreams.worker"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(UpstreamProperties.class)
    static class PropertiesOnly {

    }

}
