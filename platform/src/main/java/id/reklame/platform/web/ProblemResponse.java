package id.reklame.platform.web;

import id.reklame.contracts.json.ReklameJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A problem document written straight to the servlet response, for filters that answer before Spring MVC
 * (and so {@link ProblemDetailsAdvice}) sees the request: the same shape the advice writes.
 */
public final class ProblemResponse {

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
                             String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(ReklameJson.mapper().writeValueAsBytes(problem));
    }

    private ProblemResponse() {
    }
}
