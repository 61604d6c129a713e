package id.reklame.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every HTTP exchange the traffic made, with when it was sent and answered, for the error counts and the plots. */
final class Calls {

    /**
     * status -1: no answer (refused, reset, timed out); {@code failure} then says which. {@code sentNanos} is
     * when the applicant wanted to send it, {@code queuedNanos} how long it waited for a free connection.
     */
    record Call(String operation, long sentNanos, long answeredNanos, int status, String failure, long queuedNanos) {

        /** When the request went out: after its wait for a free connection. */
        long outNanos() {
            return sentNanos + queuedNanos;
        }

        boolean failed() {
            return status < 0 || status >= 500;
        }

        /** What went wrong, for the counts by kind; null when it went right. */
        String kind() {
            if (status < 0) {
                return "no answer (" + failure + ")";
            }
            if (status >= 500) {
                return "HTTP " + status;
            }
            return null;
        }
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    void add(Call call) {
        calls.add(call);
    }

    List<Call> all() {
        return new ArrayList<>(calls);
    }
}
