package id.reklame.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The applicant's side of the ingress: one request, answered or not, recorded in {@link Calls}; and the
 * patient client that tries again (with the same Idempotency-Key, payment reference, If-Match) while the
 * system is down, as a real client of an API that promises idempotent retries would.
 */
final class Api {

    record Answer(int status, String body, Optional<String> location) {

        boolean retryable() {
            // 429: the ingress's rate limit, if it is on
            return status < 0 || status >= 500 || status == 429;
        }
    }

    /** The client gave up: the system did not answer within the patience of one step. */
    static final class GaveUp extends RuntimeException {
        GaveUp(String what) {
            super(what);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final Calls calls;
    private final Duration patience;
    private final Semaphore connections;

    /** {@code connections}: how many requests may be in flight at once, as through a pool of that many connections. */
    Api(String base, Calls calls, Duration patience, int connections) {
        this.base = base;
        this.calls = calls;
        this.patience = patience;
        this.connections = new Semaphore(connections, true);
    }

    Answer once(String operation, String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        long sent = System.nanoTime();
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GaveUp("interrupted");
        }
        long queued = System.nanoTime() - sent;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            calls.add(new Calls.Call(operation, sent, System.nanoTime(), response.statusCode(), null, queued));
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Location"));
        } catch (HttpTimeoutException e) {
            calls.add(new Calls.Call(operation, sent, System.nanoTime(), -1, "timeout", queued));
        } catch (IOException e) {
            calls.add(new Calls.Call(operation, sent, System.nanoTime(), -1, e.getClass().getSimpleName(), queued));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GaveUp("interrupted");
        } finally {
            connections.release();
        }
        return new Answer(-1, "", Optional.empty());
    }

    /** Sends until the answer is not a 5xx, 429 or silence; gives up after the patience. */
    Answer untilAnswered(String operation, String method, String path, String json, Map<String, String> headers) {
        long deadline = System.nanoTime() + patience.toNanos();
        int attempt = 0;
        while (true) {
            Answer answer = once(operation, method, path, json, headers);
            if (!answer.retryable()) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new GaveUp(operation + " " + path + ": still " + answer.status() + " after " + patience.toSeconds() + " s");
            }
            pause(backoff(++attempt));
        }
    }

    /** Exponential, from 200 ms up to 10 s, with jitter: clients that wait for an outage must not come back all at once. */
    static long backoff(int attempt) {
        long ceiling = Math.min(10_000, 100L << Math.min(attempt, 7));
        return ceiling / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GaveUp("interrupted");
        }
    }

    Duration patience() {
        return patience;
    }
}
