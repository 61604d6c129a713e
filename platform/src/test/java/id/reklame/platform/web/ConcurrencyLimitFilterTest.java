package id.reklame.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ConcurrencyLimitFilterTest {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A request that is in the handler, holding a permit, until released. */
    private record Holder(CountDownLatch latch, Future<?> request) {

        void release() throws Exception {
            latch.countDown();
            request.get(5, TimeUnit.SECONDS);
        }
    }

    private Holder holdOnePermit(ConcurrencyLimitFilter filter) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        Future<?> request = threads.submit(() -> {
            filter.doFilter(request("/api/x"), new MockHttpServletResponse(), (req, res) -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return null;
        });
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        return new Holder(release, request);
    }

    private static MockHttpServletRequest request(String uri) {
        return new MockHttpServletRequest("POST", uri);
    }

    @Test
    void neverMoreThanTheLimitAtOnceAndEveryRequestServed() throws Exception {
        var filter = new ConcurrencyLimitFilter(3, Duration.ofSeconds(10));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<MockHttpServletResponse>> answers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(threads.submit(() -> {
                var response = new MockHttpServletResponse();
                filter.doFilter(request("/api/v1/applications"), response, (req, res) -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                });
                return response;
            }));
        }
        for (Future<MockHttpServletResponse> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
        assertThat(most.get()).isBetween(2, 3);
    }

    @Test
    void waitersAreServedInTheOrderTheyCame() throws Exception {
        var filter = new ConcurrencyLimitFilter(1, Duration.ofSeconds(10));
        List<Integer> served = new CopyOnWriteArrayList<>();
        Holder first = holdOnePermit(filter);
        List<Future<?>> waiters = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            waiters.add(threads.submit(() -> {
                filter.doFilter(request("/api/x"), new MockHttpServletResponse(), (req, res) -> served.add(n));
                return null;
            }));
            // each in the queue before the next arrives
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (filter.waiting() < n + 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(filter.waiting()).isEqualTo(n + 1);
        }
        first.release();
        for (Future<?> waiter : waiters) {
            waiter.get(5, TimeUnit.SECONDS);
        }
        assertThat(served).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aRequestThatWaitsTooLongIs503WithRetryAfterAndNeverHandled() throws Exception {
        var filter = new ConcurrencyLimitFilter(1, Duration.ofMillis(100));
        Holder first = holdOnePermit(filter);
        AtomicInteger handled = new AtomicInteger();
        var response = new MockHttpServletResponse();
        filter.doFilter(request("/api/v1/applications"), response, (req, res) -> handled.incrementAndGet());
        first.release();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":503");
        assertThat(handled).hasValue(0);
        // the permit the refused request never had is not given back: the next one goes straight in
        var next = new MockHttpServletResponse();
        filter.doFilter(request("/api/x"), next, (req, res) -> handled.incrementAndGet());
        assertThat(next.getStatus()).isEqualTo(200);
        assertThat(filter.waiting()).isZero();
    }

    @Test
    void onlyApiRequestsWait() throws Exception {
        var filter = new ConcurrencyLimitFilter(1, Duration.ofMillis(50));
        Holder first = holdOnePermit(filter);
        var health = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), health, (req, res) -> { });
        first.release();
        assertThat(health.getStatus()).isEqualTo(200);
    }
}
