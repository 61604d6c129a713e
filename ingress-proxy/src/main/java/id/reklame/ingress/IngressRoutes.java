package id.reklame.ingress;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.preserveHostHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
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
 * builds absolute links (OpenAPI {@code servers}, {@code Location}) points them at the ingress, not at itself.
 */
@Configuration(proxyBeanMethods = false)
class IngressRoutes {

    private static final Log log = LogFactory.getLog(IngressRoutes.class);

    static final String API_DOCS = "/v3/api-docs";

    /** Commands: writes that append events to an application's stream. */
    @Bean
    RouterFunction<ServerResponse> commandRoutes(UpstreamProperties upstreams) {
        return forwardTo("reklame-command", upstreams.command(), route("reklame-command")
            .POST("/api/v1/applications", http())
            .PUT("/api/v1/applications/{id}", http())
            .POST("/api/v1/applications/{id}/withdrawal", http())
            .POST("/api/v1/applications/{id}/payments", http())
            .POST("/api/v1/applications/{id}/renewal", http()));
    }

    /** Reads: lookups, searches, history, public permit verification and statistics from the read models. */
    @Bean
    RouterFunction<ServerResponse> queryRoutes(UpstreamProperties upstreams) {
        RequestPredicate reads = methods(HttpMethod.GET, HttpMethod.HEAD)
            .and(path("/api/v1/applications")
                .or(path("/api/v1/applications/**"))
                .or(path("/api/v1/permits/**"))
                .or(path("/api/v1/stats")));
        return forwardTo("reklame-query", upstreams.query(), route("reklame-query").route(reads, http()));
    }

    /** Tax estimates: computed by the policy engine, nothing stored. */
    @Bean
    RouterFunction<ServerResponse> workerRoutes(UpstreamProperties upstreams) {
        return forwardTo("permit-worker", upstreams.worker(), route("permit-worker")
            .POST("/api/v1/tax-estimates", http()));
    }

    /**
     * Each service's own {@code /v3/api-docs} under {@code /v3/api-docs/<service>}, so the ingress's single Swagger
     * UI ({@code springdoc.swagger-ui.urls}) loads all three from one origin.
     */
    @Bean
    RouterFunction<ServerResponse> apiDocsRoutes(UpstreamProperties upstreams) {
        return apiDocs("reklame-command", upstreams.command())
            .and(apiDocs("reklame-query", upstreams.query()))
            .and(apiDocs("permit-worker", upstreams.worker()));
    }

    private static RouterFunction<ServerResponse> apiDocs(String service, String baseUrl) {
        return forwardTo(service, baseUrl, route("api-docs-" + service)
            .GET(API_DOCS + "/" + service, http())
            .before(setPath(API_DOCS)));
    }

    /** What every route shares: where it goes, and what the caller sees when that service cannot be reached. */
    private static RouterFunction<ServerResponse> forwardTo(String service, String baseUrl,
            RouterFunctions.Builder routes) {
        return routes.before(uri(baseUrl))
            .before(preserveHostHeader())
            .onError(ResourceAccessException.class, (ex, request) -> unreachable(service, request, ex))
            .build();
    }

    /**
     * The service could not be reached (connection refused, reset, I/O error): 502 as a problem document. Exceptions
     * thrown in gateway routes never reach {@code @ControllerAdvice} handlers, so this is handled on the route.
     */
    private static ServerResponse unreachable(String service, ServerRequest request, Throwable ex) {
        log.warn(service + " unreachable for " + request.method() + " " + request.path() + ": " + ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                service + " could not be reached; try again later.");
        problem.setType(URI.create("about:blank"));
        problem.setTitle(HttpStatus.BAD_GATEWAY.getReasonPhrase());
        problem.setInstance(URI.create(request.path()));
        return ServerResponse.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

}
