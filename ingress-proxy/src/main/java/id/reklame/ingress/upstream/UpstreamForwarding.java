package id.reklame.ingress.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import id.reklame.ingress.edge.AccessLog;
import id.reklame.ingress.edge.RequestBodyException;
import id.reklame.ingress.edge.RequestBodyGuard;
import id.reklame.ingress.edge.RetrySafety;
import id.reklame.ingress.problem.IngressProblems;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The route filter that sends a request to one instance of a service, and copes when that fails. Each attempt takes
 * the next live instance, a place in the service's bulkhead and its circuit breaker's permission; a failure (no
 * connection, a timeout, an answer of 502, 503 or 504) counts against the instance and the circuit. Requests safe to
 * repeat ({@link RetrySafety}) are tried again, a bounded number of times with growing pauses, on the next instance.
 * When nothing works the caller gets a problem document: 504 for a timeout, 502 for a service that cannot be
 * reached, 503 while the circuit is open or the bulkhead full.
 */
public final class UpstreamForwarding implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    /** Which service a request is being forwarded to, for the HTTP client that belongs to it. */
    static final String UPSTREAM_ATTRIBUTE = UpstreamForwarding.class.getName() + ".upstream";

    private static final Log log = LogFactory.getLog(UpstreamForwarding.class);

    private final Upstream upstream;

    private final CircuitBreaker circuitBreaker;

    private final Bulkhead bulkhead;

    private final Retry retry;

    private final Duration openFor;

    UpstreamForwarding(Upstream upstream, CircuitBreaker circuitBreaker, Bulkhead bulkhead, Retry retry,
            Duration openFor) {
        this.upstream = upstream;
        this.circuitBreaker = circuitBreaker;
        this.bulkhead = bulkhead;
        this.retry = retry;
        this.openFor = openFor;
    }

    public Upstream upstream() {
        return this.upstream;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        request.attributes().put(UPSTREAM_ATTRIBUTE, this.upstream.name());
        int[] attempts = { 0 };
        try {
            if (RetrySafety.allowsRetry(request.servletRequest())) {
                return Retry.decorateCheckedSupplier(this.retry, () -> attempt(request, next, ++attempts[0])).get();
            }
            return attempt(request, next, ++attempts[0]);
        }
        catch (Error error) {
            throw error;
        }
        catch (Throwable ex) {
            return problemFor(ex, request);
        }
    }

    private ServerResponse attempt(ServerRequest request, HandlerFunction<ServerResponse> next, int attempt)
            throws Exception {
        if (attempt > 1) {
            RequestBodyGuard.rewind(request.servletRequest());
        }
        UpstreamInstance instance = this.upstream.choose(System.nanoTime());
        AccessLog.upstreamAttempted(request.servletRequest(), instance.url(), attempt);
        this.bulkhead.acquirePermission();
        boolean handedOver = false;
        try {
            this.circuitBreaker.acquirePermission();
            long start = System.nanoTime();
            ServerResponse response;
            try {
                MvcUtils.setRequestUrl(request, instance.uri());
                response = next.handle(request);
            }
            catch (Exception ex) {
                long end = System.nanoTime();
                if (UpstreamFailure.of(ex) != null) {
                    this.circuitBreaker.onError(end - start, TimeUnit.NANOSECONDS, ex);
                    instance.failed(end);
                }
                else {
                    this.circuitBreaker.releasePermission();
                }
                throw ex;
            }
            long end = System.nanoTime();
            if (UpstreamFailure.isFailureStatus(response.statusCode())) {
                this.circuitBreaker.onError(end - start, TimeUnit.NANOSECONDS,
                        new FailureStatus(response.statusCode().value()));
                instance.failed(end);
            }
            else {
                this.circuitBreaker.onSuccess(end - start, TimeUnit.NANOSECONDS);
                instance.succeeded();
            }
            ClientHttpResponse upstreamResponse = MvcUtils.getAttribute(request, MvcUtils.CLIENT_RESPONSE_ATTR);
            ForwardedResponse forwarded = new ForwardedResponse(response, upstreamResponse, this.upstream.name(),
                    this.bulkhead::onComplete);
            whenRequestCompletes(UPSTREAM_ATTRIBUTE + ".attempt" + attempt, forwarded::discard);
            handedOver = true;
            return forwarded;
        }
        finally {
            if (!handedOver) {
                this.bulkhead.onComplete();
            }
        }
    }

    /** A safety net: whatever happens to the answer, the instance's connection and the bulkhead place come back. */
    private static void whenRequestCompletes(String name, Runnable cleanup) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null) {
            attributes.registerDestructionCallback(name, cleanup, RequestAttributes.SCOPE_REQUEST);
        }
    }

    private ServerResponse problemFor(Throwable ex, ServerRequest request) {
        String service = this.upstream.name();
        String path = request.path();
        if (ex instanceof CallNotPermittedException) {
            log.warn(service + " circuit is open; refused " + request.method() + " " + path);
            return IngressProblems.response(IngressProblems.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    service + " is failing, so calls to it are paused; try again later.", path), this.openFor);
        }
        if (ex instanceof BulkheadFullException) {
            log.warn(service + " has too many calls in flight; refused " + request.method() + " " + path);
            return IngressProblems.response(IngressProblems.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    service + " is busy; try again shortly.", path), Duration.ofSeconds(1));
        }
        RequestBodyException body = RequestBodyException.findIn(ex);
        if (body != null) {
            return IngressProblems.response(IngressProblems.problem(body.status(), body.getMessage(), path), null);
        }
        UpstreamFailure failure = UpstreamFailure.of(ex);
        if (failure != null) {
            log.warn(service + " " + failure.description() + " for " + request.method() + " " + path + ": " + ex);
            return IngressProblems.response(IngressProblems.problem(failure.status(),
                    service + " " + failure.description() + "; try again later.", path), null);
        }
        log.error("Forwarding " + request.method() + " " + path + " to " + service + " failed", ex);
        return IngressProblems.response(IngressProblems.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "The ingress could not forward the request.", path), null);
    }

    /** An instance answered 502, 503 or 504: recorded by the circuit breaker as a failed call. */
    static final class FailureStatus extends Exception {

        FailureStatus(int status) {
            super("answered " + status, null, false, false);
        }

    }

}
