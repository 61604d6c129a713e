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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for one service instance behind the ingress: it records every request it receives
 * and answers with whatever the test scripted (by default {@code 200 {"upstream":"<name>"}}). It can be stopped and
 * started again on the same port, to play an instance that goes down and comes back.
 */
public final class RecordingUpstream implements AutoCloseable {

    /** What the upstream received. Header names are lower case; values keep their order. */
    public record Received(String method, String path, String rawQuery, Map<String, List<String>> headers,
            String body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : String.join(",", values);
        }

        /** The query parameters as a server decodes them (names in first-seen order, values in order). */
        public Map<String, List<String>> queryParams() {
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

    /** How to answer a request, given the exchange (request body already read) and what was received. */
    @FunctionalInterface
    public interface Responder {

        void respond(HttpExchange exchange, Received received) throws Exception;

    }

    private final String name;

    private final int port;

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private final AtomicInteger count = new AtomicInteger();

    private HttpServer server;

    private ExecutorService executor;

    private volatile Responder responder;

    /** Whether a handler reads the request body before answering; a streaming responder may read it itself. */
    private volatile boolean readsBody = true;

    public RecordingUpstream(String name) {
        this(name, 0);
    }

    private RecordingUpstream(String name, int port) {
        this.name = name;
        this.server = bind(port);
        this.port = this.server.getAddress().getPort();
        reset();
    }

    public String name() {
        return this.name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + this.port;
    }

    public int port() {
        return this.port;
    }

    /** Forget what was received and go back to the default reply. */
    public void reset() {
        this.received.clear();
        this.count.set(0);
        this.readsBody = true;
        replyWith(200, Map.of("Content-Type", "application/json"), "{\"upstream\":\"" + this.name + "\"}");
    }

    public void replyWith(int status, Map<String, String> headers, String body) {
        replyWith(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public void replyWith(int status, Map<String, String> headers, byte[] body) {
        respondWith((exchange, request) -> {
            headers.forEach((header, value) -> exchange.getResponseHeaders().add(header, value));
            send(exchange, status, body);
        });
    }

    public void respondWith(Responder responder) {
        this.responder = responder;
    }

    /** Leave the request body unread: the responder reads (or streams) it from the exchange itself. */
    public void respondWithoutReadingBody(Responder responder) {
        this.readsBody = false;
        this.responder = responder;
    }

    /** Answers with {@code body}, minding HEAD and bodiless statuses. */
    public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod()) || status == 204
                || status == 304;
        if (noBody) {
            if ("HEAD".equals(exchange.getRequestMethod()) && body.length > 0) {
                exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
        }
        else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The next request this upstream received, waiting briefly for it; fails if none arrives. */
    public Received takeRequest() throws InterruptedException {
        Received next = this.received.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError(this.name + " received no request");
        }
        return next;
    }

    /** Whether a request arrived within the given time (used to prove one did NOT). */
    public boolean receivedAnythingWithin(Duration wait) throws InterruptedException {
        return this.received.poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null;
    }

    /** How many requests arrived since the last {@link #reset}. */
    public int requestCount() {
        return this.count.get();
    }

    /** Stop listening: connections to the port are refused until {@link #start}. */
    public synchronized void stop() {
        if (this.server != null) {
            this.server.stop(0);
            this.executor.shutdownNow();
            this.server = null;
        }
    }

    /** Listen again on the same port. */
    public synchronized void start() {
        if (this.server == null) {
            this.server = bind(this.port);
        }
    }

    private HttpServer bind(int port) {
        HttpServer bound;
        try {
            bound = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        bound.createContext("/", this::handle);
        // a thread per request, so a slow answer does not hold up the next request
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        bound.setExecutor(this.executor);
        bound.start();
        return bound;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody = new byte[0];
            if (this.readsBody) {
                try (InputStream in = exchange.getRequestBody()) {
                    requestBody = in.readAllBytes();
                }
            }
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), lowerCased(exchange.getRequestHeaders()),
                    new String(requestBody, StandardCharsets.UTF_8));
            this.count.incrementAndGet();
            this.received.add(request);
            this.responder.respond(exchange, request);
        }
        catch (IOException | RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new IOException(ex);
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
        stop();
    }

}
