package id.reklame.ingress.upstream;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The services' instances and timeouts are checked when the ingress starts, so a broken deploy fails fast. */
class UpstreamPropertiesTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesOnly.class)
        .withPropertyValues("reklame.ingress.upstreams.command.instances=http://localhost:8081",
                "reklame.ingress.upstreams.query.instances=http://reklame-query-1:8082/, http://reklame-query-2:8082",
                "reklame.ingress.upstreams.worker.instances=https://permit-worker.internal",
                "reklame.ingress.upstreams.worker.response-timeout=750ms");

    @Test
    void bindsCommaSeparatedInstanceListsAndTimeouts() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            UpstreamProperties upstreams = context.getBean(UpstreamProperties.class);
            assertThat(upstreams.command().instances()).containsExactly("http://localhost:8081");
            assertThat(upstreams.query().instances()).containsExactly("http://reklame-query-1:8082/",
                    "http://reklame-query-2:8082");
            assertThat(upstreams.worker().instances()).containsExactly("https://permit-worker.internal");
            assertThat(upstreams.worker().responseTimeout()).isEqualTo(Duration.ofMillis(750));
        });
    }

    @Test
    void unsetTimeoutsAndLimitsHaveDefaults() {
        this.runner.run(context -> {
            UpstreamProperties.Service command = context.getBean(UpstreamProperties.class).command();
            assertThat(command.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(command.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(command.maxConcurrentCalls()).isEqualTo(200);
        });
    }

    @Test
    void rejectsAMissingUrl() {
        this.runner.withPropertyValues("reklame.ingress.upstreams.query.instances=")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("reklame.ingress.upstreams.query.instances"));
    }

    @Test
    void rejectsSomethingThatIsNotAnHttpBaseUrl() {
        this.runner.withPropertyValues("reklame.ingress.upstreams.command.instances=http://localhost:8081,localhost:8082")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("reklame.ingress.upstreams.command.instances")
                .hasMessageContaining("http(s) base URL"));
    }

    @Test
    void rejectsABaseUrlWithAPathTheGatewayWouldIgnore() {
        this.runner.withPropertyValues("reklame.ingress.upstreams.worker.instances=http://localhost:8083/worker")
            .run(context -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("reklame.ingress.upstreams.worker.instances"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(UpstreamProperties.class)
    static class PropertiesOnly {

    }

}
