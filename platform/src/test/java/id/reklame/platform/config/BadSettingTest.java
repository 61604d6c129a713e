package id.reklame.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.validation.annotation.Validated;

/** A setting that cannot be used stops the service, and the message names the environment variable behind it. */
class BadSettingTest {

    @ConfigurationProperties("relay")
    @Validated
    record RelaySettings(Duration pollInterval, @Positive Integer batchSize, Integer threads) {
        RelaySettings {
            if (threads != null && threads > 16) {
                throw new IllegalArgumentException("relay.threads must be 1 to 16");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RelaySettings.class)
    static class Service {
    }

    @Test
    void unreadableValueNamesItsVariableAndValue() {
        FailureAnalysis analysis = startWith("--RELAY_POLL_INTERVAL=soon");

        assertThat(analysis.getDescription())
                .startsWith("Environment variable RELAY_POLL_INTERVAL (setting relay.poll-interval)")
                .contains("'soon'");
        assertThat(analysis.getAction()).contains("RELAY_POLL_INTERVAL");
    }

    @Test
    void valueOutsideItsBoundsNamesItsVariable() {
        FailureAnalysis analysis = startWith("--RELAY_BATCH_SIZE=0");

        assertThat(analysis.getDescription())
                .startsWith("Environment variable RELAY_BATCH_SIZE (setting relay.batch-size)")
                .contains("must be greater than 0");
    }

    @Test
    void valueTheRecordRefusesNamesTheVariablesOfItsSettings() {
        FailureAnalysis analysis = startWith("--RELAY_THREADS=99");

        assertThat(analysis.getDescription()).contains("RELAY_THREADS").contains("relay.threads must be 1 to 16");
    }

    @Test
    void goodValuesStart() {
        var application = application();
        try (var context = application.run("--RELAY_POLL_INTERVAL=2s", "--RELAY_BATCH_SIZE=10")) {
            assertThat(context.getBean(RelaySettings.class).pollInterval()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    private static FailureAnalysis startWith(String arg) {
        AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();
        SpringApplication application = application();
        application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) e -> environment.set(e.getEnvironment()));

        Throwable failure = catchThrowable(() -> application.run(arg).close());

        assertThat(failure).as("the service must not start").isNotNull();
        FailureAnalysis analysis = new EnvironmentVariableFailureAnalyzer(environment.get()).analyze(failure);
        assertThat(analysis).as("an analysis naming the variable").isNotNull();
        return analysis;
    }

    private static SpringApplication application() {
        SpringApplication application = new SpringApplication(Service.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of(
                "spring.main.banner-mode", "off",
                "relay.poll-interval", "${RELAY_POLL_INTERVAL:1s}",
                "relay.batch-size", "${RELAY_BATCH_SIZE:1000}",
                "relay.threads", "${RELAY_THREADS:4}"));
        return application;
    }
}
