package id.reklame.ingress;

import id.reklame.ingress.edge.RateLimiting;
import id.reklame.ingress.upstream.UpstreamForwarding;
import id.reklame.ingress.upstream.Upstreams;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.preserveHostHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.methods;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * The ingress route table: which public request goes to which service. A request that matches no route here is
 * answered by Spring MVC itself with a 404 problem document.
 * <p>
 * Forwarding is done by Spring Cloud Gateway ({@code http()}): method, path, query parameters, body and end-to-end
 * headers go upstream; status, body and headers come back. The caller's {@code Host} is kept, so a service that
 * builds absolute links (OpenAPI {@code servers}, {@code Location}) points them at the ingress, not at itself. Every
 * route first holds the caller to its rate limit, then forwards through {@link UpstreamForwarding}: instance choice,
 * timeouts, retries, circuit breaker and bulkhead, and problem documents when the service cannot answer.
 */
@Configuration(proxyBeanMethods = false)
class IngressRoutes {

    static final String API_DOCS = "/v3/api-docs";

    /** Commands: writes that append events to an application's stream. */
    @Bean
    RouterFunction<ServerResponse> commandRoutes(Upstreams upstreams, RateLimiting rateLimiting) {
        return forwardTo(upstreams.command(), rateLimiting, route(Upstreams.COMMAND)
            .POST("/api/v1/applications", http())
            .PUT("/api/v1/applications/{id}", http())
            .POST("/api/v1/applications/{id}/withdrawal", http())
            .POST("/api/v1/applications/{id}/payments", http())
            .POST("/api/v1/applications/{id}/renewal", http()));
    }

    /** Reads: lookups, searches, history, public permit verification and statistics from the read models. */
    @Bean
    RouterFunction<ServerResponse> queryRoutes(Upstreams upstreams, RateLimiting rateLimiting) {
        RequestPredicate reads = methods(HttpMethod.GET, HttpMethod.HEAD)
            .and(path("/api/v1/applications")
                .or(path("/api/v1/applications/**"))
                .or(path("/api/v1/permits/**"))
                .or(path("/api/v1/stats")));
        return forwardTo(upstreams.query(), rateLimiting, route(Upstreams.QUERY).route(reads, http()));
    }

    /** Tax estimates: computed by the policy engine, nothing stored. */
    @Bean
    RouterFunction<ServerResponse> workerRoutes(Upstreams upstreams, RateLimiting rateLimiting) {
        return forwardTo(upstreams.worker(), rateLimiting, route(Upstreams.WORKER)
            .POST("/api/v1/tax-estimates", http()));
    }

    /**
     * Each service's own {@code /v3/api-docs} under {@code /v3/api-docs/<service>}, so the ingress's single Swagger
     * UI ({@code springdoc.swagger-ui.urls}) loads all three from one origin.
     */
    @Bean
    RouterFunction<ServerResponse> apiDocsRoutes(Upstreams upstreams, RateLimiting rateLimiting) {
        return apiDocs(upstreams.command(), rateLimiting)
            .and(apiDocs(upstreams.query(), rateLimiting))
            .and(apiDocs(upstreams.worker(), rateLimiting));
    }

    private static RouterFunction<ServerResponse> apiDocs(UpstreamForwarding upstream, RateLimiting rateLimiting) {
        String service = upstream.upstream().name();
        return forwardTo(upstream, rateLimiting, route("api-docs-" + service)
            .GET(API_DOCS + "/" + service, http())
            .before(setPath(API_DOCS)));
    }

    /** What every route shares; filters run in the order added, the first outermost. */
    private static RouterFunction<ServerResponse> forwardTo(UpstreamForwarding upstream, RateLimiting rateLimiting,
            RouterFunctions.Builder routes) {
        return routes.filter(rateLimiting)
            .filter(upstream)
            .before(preserveHostHeader())
            .build();
    }

}
