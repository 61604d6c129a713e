package id.reklame.ingress;

import id.reklame.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;

import static org.assertj.core.api.Assertions.assertThat;

/** A caller of the ingress under test: plain HTTP/1.1, no redirects followed. */
public final class IngressClient {

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final int port;

    public IngressClient(int port) {
        this.port = port;
    }

    public HttpClient http() {
        return this.http;
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + this.port + pathAndQuery;
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(20))
            .header("Authorization", TestTokens.officer());
    }

    /** A request without a bearer token, as anyone on the internet may send. */
    public HttpRequest.Builder anonymous(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return this.http.send(request.build(), BodyHandlers.ofString());
    }

    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return this.http.send(request.build(), body);
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET());
    }

    /** Asserts a problem document of the given status, and returns its detail. */
    public static String assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isEqualTo("about:blank");
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "<html");
        assertThat(response.headers().allValues("X-Request-Id")).as("the id to quote when reporting it").hasSize(1);
        return JsonPath.read(response.body(), "$.detail");
    }

}
