package id.reklame.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for one service behind the ingress: it records every request it receives and
 * answers with whatever response the test scripted (by default {@code 200 {"upstream":"<name>"}}).
 */
final class RecordingUpstream implements AutoCloseable {

    /** What the upstream received. Header names are lower case; values keep their order. */
    record Received(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : String.join(",", values);
        }

        /** The query parameters as a server decodes them (names in first-seen order, values in order). */
        Map<String, List<String>> queryParams() {
            Map<String, List<String>> params = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return params;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), n -> new ArrayList<>())
                    .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return params;
        }

    }

    /** A scripted answer. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
    }

    private final String name;

    private final HttpServer server;

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private volatile Reply reply;

    RecordingUpstream(String name) {
        this.name = name;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        this.server.createContext("/", this::handle);
        this.server.start();
        reset();
    }

    String name() {
        return this.name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** Forget what was received and go back to the default reply. */
    void reset() {
        this.received.clear();
        replyWith(200, Map.of("Content-Type", "application/json"), "{\"upstream\":\"" + this.name + "\"}");
    }

    void replyWith(int status, Map<String, String> headers, String body) {
        replyWith(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    void replyWith(int status, Map<String, String> headers, byte[] body) {
        this.reply = new Reply(status, headers, body);
    }

    /** The next request this upstream received, waiting briefly for it; fails if none arrives. */
    Received takeRequest() throws InterruptedException {
        Received next = this.received.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError(this.name + " received no request");
        }
        return next;
    }

    /** Whether a request arrived within the given time (used to prove one did NOT). */
    boolean receivedAnythingWithin(Duration wait) throws InterruptedException {
        return this.received.poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), lowerCased(exchange.getRequestHeaders()),
                    new String(requestBody, StandardCharsets.UTF_8)));

            Reply answer = this.reply;
            answer.headers().forEach((header, value) -> exchange.getResponseHeaders().add(header, value));
            byte[] responseBody = answer.body();
            boolean noBody = responseBody.length == 0 || "HEAD".equals(exchange.getRequestMethod())
                    || answer.status() == 204 || answer.status() == 304;
            if (noBody) {
                if ("HEAD".equals(exchange.getRequestMethod()) && responseBody.length > 0) {
                    exchange.getResponseHeaders().set("Content-Length", String.valueOf(responseBody.length));
                }
                exchange.sendResponseHeaders(answer.status(), -1);
            }
            else {
                exchange.sendResponseHeaders(answer.status(), responseBody.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(responseBody);
                }
            }
        }
    }

    private static Map<String, List<String>> lowerCased(Headers headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((header, values) -> copy.computeIfAbsent(header.toLowerCase(), h -> new ArrayList<>())
            .addAll(values));
        return copy;
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

}
