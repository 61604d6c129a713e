package id.reklame.command.handling;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The refusals of a command as RFC 9457 problems; the shared problem-details handler writes them. */
public final class CommandProblems {

    public static ErrorResponseException notFound(UUID applicationId) {
        return problem(HttpStatus.NOT_FOUND, "Unknown application", "There is no application " + applicationId);
    }

    public static ErrorResponseException conflict(String reason) {
        return problem(HttpStatus.CONFLICT, "Not allowed now", reason);
    }

    public static ErrorResponseException versionRequired() {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "Version required",
                "Send If-Match with the version you revise, e.g. If-Match: \"1\" (the ETag you were given)");
    }

    public static ErrorResponseException staleVersion(UUID applicationId, long expected, long current) {
        return problem(HttpStatus.PRECONDITION_FAILED, "Stale version", "Application " + applicationId
                + " is at version " + current + ", not " + expected + "; read it again before changing it");
    }

    public static ErrorResponseException writtenConcurrently(UUID applicationId, long expected) {
        return problem(HttpStatus.PRECONDITION_FAILED, "Stale version", "Application " + applicationId
                + " was changed by another request after version " + expected + "; read it again before changing it");
    }

    public static ErrorResponseException badRequest(String field, String message) {
        ErrorResponseException e = problem(HttpStatus.BAD_REQUEST, "Invalid request", field + " " + message);
        e.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return e;
    }

    public static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    private CommandProblems() {
    }
}
