package id.reklame.ingress;

import id.reklame.testsupport.TestTokens;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ingress as its own process, stopped with SIGTERM while a request is in flight: that request is answered in
 * full, new connections are refused meanwhile, and the process then exits by itself.
 */
class GracefulDrainTest {

    static final RecordingUpstream SLOW = new RecordingUpstream("reklame-query");

    Process ingress;

    File log;

    @AfterAll
    static void stopUpstream() {
        SLOW.close();
    }

    @AfterEach
    void killIfStillRunning() throws InterruptedException {
        if (this.ingress != null && this.ingress.isAlive()) {
            this.ingress.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (this.log != null) {
            this.log.delete();
        }
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishAndRefusesNewOnes() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        SLOW.respondWith((exchange, request) -> {
            finish.await(30, TimeUnit.SECONDS);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            RecordingUpstream.send(exchange, 200, "{\"finished\":true}".getBytes(StandardCharsets.UTF_8));
        });
        int port = freePort();
        start(port);
        HttpClient inFlightClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .until(() -> get(inFlightClient, port, "/actuator/health/readiness").statusCode() == 200);

        CompletableFuture<HttpResponse<String>> inFlight = inFlightClient.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stats")).header("Authorization", TestTokens.officer()).GET().build(),
                BodyHandlers.ofString());
        assertThat(SLOW.takeRequest().path()).isEqualTo("/api/v1/stats");

        this.ingress.destroy(); // SIGTERM

        HttpClient newcomer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(
                () -> assertThatThrownBy(() -> get(newcomer, port, "/api/v1/stats")).isInstanceOf(ConnectException.class));
        assertThat(inFlight).as("still waiting for the request in flight").isNotDone();
        assertThat(this.ingress.isAlive()).isTrue();

        finish.countDown();
        HttpResponse<String> answered = inFlight.get(20, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("{\"finished\":true}");
        assertThat(this.ingress.waitFor(20, TimeUnit.SECONDS)).as("exits once drained").isTrue();
        assertThat(SLOW.requestCount()).isEqualTo(1);
        assertThat(Files.readString(this.log.toPath())).contains("Graceful shutdown complete");
    }

    private void start(int port) throws IOException {
        String java = ProcessHandle.current().info().command()
            .orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), IngressProxyApplication.class.getName(),
                "--server.port=" + port, "--reklame.ingress.upstreams.command.instances=" + SLOW.baseUrl(),
                "--reklame.ingress.upstreams.query.instances=" + SLOW.baseUrl(),
                "--reklame.ingress.upstreams.worker.instances=" + SLOW.baseUrl(),
                "--spring.lifecycle.timeout-per-shutdown-phase=20s"));
        this.log = File.createTempFile("ingress-drain", ".log");
        this.ingress = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(this.log)
            .start();
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", TestTokens.officer())
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build(), BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
