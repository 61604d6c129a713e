package id.reklame.ingress.problem;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The ingress's own answers when it cannot or will not forward a request: RFC 9457 problem documents, never an
 * HTML page or a stack trace. Used by the routes (exceptions in gateway routes never reach
 * {@code @ControllerAdvice}) and by the servlet filters that answer before routing.
 */
public final class IngressProblems {

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    // the same shape Spring MVC writes: extra properties at the top level, absent members left out
    private static final JsonMapper JSON = JsonMapper.builder()
        .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
        .build();

    private IngressProblems() {
    }

    public static ProblemDetail problem(HttpStatus status, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ABOUT_BLANK);
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(path));
        return problem;
    }

    /** A route's answer; {@code retryAfter} (may be null) tells the caller when trying again makes sense. */
    public static ServerResponse response(ProblemDetail problem, Duration retryAfter) {
        ServerResponse.BodyBuilder response = ServerResponse.status(problem.getStatus())
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
        }
        return response.body(problem);
    }

    /** Written straight to the servlet response, for filters that answer before a route is chosen. */
    public static void write(HttpServletResponse response, ProblemDetail problem, Duration retryAfter)
            throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
        }
        byte[] body = JSON.writeValueAsBytes(problem);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whole seconds, rounded up and at least 1: {@code Retry-After: 0} would invite an immediate retry. */
    static String retryAfterSeconds(Duration wait) {
        long millis = Math.max(wait.toMillis(), 1);
        return Long.toString((millis + 999) / 1000);
    }

}
