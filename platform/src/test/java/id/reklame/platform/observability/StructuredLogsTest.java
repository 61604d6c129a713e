package id.reklame.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.json.ReklameJson;
import id.reklame.platform.security.AuthorizationRules;
import id.reklame.platform.security.Role;
import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** With the platform's settings a service logs one JSON object per line, naming the trace, request and application. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    private static final Logger log = LoggerFactory.getLogger(StructuredLogsTest.class);

    @RestController
    static class Lookup {
        @GetMapping("/api/v1/applications/{id}")
        String lookUp(@PathVariable String id) {
            log.info("looking the application up");
            return "{}";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Lookup.class)
    static class Service {

        // every service says who may call what; without a rule the platform refuses the request
        @Bean
        AuthorizationRules officersLookUp() {
            return requests -> requests.requestMatchers("/api/v1/applications/*").hasRole(Role.OFFICER.name());
        }
    }

    @Test
    void aRequestsLogLinesAreJsonWithTraceRequestAndApplicationIds(CapturedOutput output) throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String applicationId = UUID.randomUUID().toString();
        try (var service = SpringApplication.run(Service.class, "--server.port=0", "--spring.application.name=lookup",
                "--spring.config.import=classpath:reklame-platform.yaml",
                "--spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")) {
            String port = service.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/applications/" + applicationId))
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .header("X-Request-Id", "lookup-1")
                    .header("Authorization", TestTokens.officer()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        List<String> lines = Arrays.stream(output.getOut().split("\n")).filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("every line on stdout is a JSON object").allMatch(l -> l.startsWith("{") && l.endsWith("}"));
        JsonNode line = lines.stream().map(l -> ReklameJson.mapper().readTree(l))
                .filter(json -> "looking the application up".equals(json.path("message").asString()))
                .findFirst().orElseThrow();
        assertThat(line.path("traceId").asString()).isEqualTo(traceId);
        assertThat(line.path("spanId").asString()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
        assertThat(line.path("requestId").asString()).isEqualTo("lookup-1");
        assertThat(line.path("applicationId").asString()).isEqualTo(applicationId);
        assertThat(line.path("service").path("name").asString()).isEqualTo("lookup");
    }
}
