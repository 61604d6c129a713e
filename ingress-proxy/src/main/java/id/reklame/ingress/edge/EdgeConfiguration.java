package id.reklame.ingress.edge;

import id.reklame.platform.observability.TraceContexts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The caller-facing side of the ingress. Servlet filters run in this order: the platform's request id (first of
 * all), the access log (so it sees every answer, including the ones below), the request body guard.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeConfiguration {

    @Bean
    ClientAddresses clientAddresses(EdgeProperties edge) {
        return new ClientAddresses(edge.trustedProxies());
    }

    @Bean
    ForwardedHeaders forwardedHeaders(ClientAddresses clients) {
        return new ForwardedHeaders(clients);
    }

    @Bean
    HopByHopHeaders.OnRequest connectionNominatedRequestHeaders() {
        return new HopByHopHeaders.OnRequest();
    }

    @Bean
    HopByHopHeaders.OnResponse connectionNominatedResponseHeaders() {
        return new HopByHopHeaders.OnResponse();
    }

    /** Callers are told apart by {@link RateLimitKeyResolver#subjectOrAddress} unless a resolver bean is declared. */
    @Bean
    RateLimiting rateLimiting(EdgeProperties edge, ClientAddresses clients,
            ObjectProvider<RateLimitKeyResolver> resolvers) {
        EdgeProperties.RateLimit limit = edge.rateLimit();
        if (!limit.enabled()) {
            return RateLimiting.off();
        }
        return new RateLimiting(new ClientRateLimiter(limit.requestsPerSecond(), limit.burst(), System::nanoTime),
                resolvers.getIfUnique(() -> RateLimitKeyResolver.subjectOrAddress(clients)));
    }

    @Bean
    FilterRegistrationBean<AccessLog> accessLog(EdgeProperties edge, ClientAddresses clients) {
        FilterRegistrationBean<AccessLog> registration = new FilterRegistrationBean<>(new AccessLog(clients));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setEnabled(edge.accessLog());
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyGuard> requestBodyGuard(EdgeProperties edge) {
        FilterRegistrationBean<RequestBodyGuard> registration = new FilterRegistrationBean<>(
                new RequestBodyGuard(edge.maxRequestBody().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }


    /** After the server observation (which starts the request's span), before the gateway reads the headers. */
    @Bean
    FilterRegistrationBean<TraceContextHeader> traceContextHeader(TraceContexts traces) {
        FilterRegistrationBean<TraceContextHeader> registration = new FilterRegistrationBean<>(new TraceContextHeader(traces));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }
}
