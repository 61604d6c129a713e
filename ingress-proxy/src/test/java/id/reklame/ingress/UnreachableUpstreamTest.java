package id.reklame.ingress;

import id.reklame.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A service that is down is a 502 problem document for the caller, not a 500 or an HTML error page. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=ingress-proxy", "reklame.ingress.upstreams.command.instances=http://127.0.0.1:1",
                "reklame.ingress.upstreams.query.instances=http://127.0.0.1:1",
                "reklame.ingress.upstreams.worker.instances=http://127.0.0.1:1" })
class UnreachableUpstreamTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} {1} (Accept: {2}) -> 502 problem naming {3}")
    @CsvSource({ "POST, /api/v1/applications, application/json, reklame-command",
            "GET, /api/v1/stats, text/html, reklame-query", "POST, /api/v1/tax-estimates, */*, permit-worker",
            "GET, /v3/api-docs/reklame-query, application/json, reklame-query" })
    void unreachableServiceIsABadGatewayProblem(String method, String path, String accept, String service)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .method(method, BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json")
            .header("Accept", accept)
            .header("Authorization", TestTokens.officer())
            .timeout(Duration.ofSeconds(10))
            .build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isEqualTo("about:blank");
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isEqualTo("Bad Gateway");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(502);
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains(service).doesNotContain("127.0.0.1");
    }

}
