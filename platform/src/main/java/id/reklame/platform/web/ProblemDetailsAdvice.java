package id.reklame.platform.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one RFC 9457 answer of every service: Spring MVC's own errors as problem details, and
 * validation failures with an {@code errors} array naming every offending field.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    public record FieldProblem(String field, String message) {
    }

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** Every problem names its type; "about:blank" means nothing beyond what the status says. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            problem.setType(ABOUT_BLANK);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getAllErrors().stream()
                .map(error -> error instanceof FieldError field
                        ? new FieldProblem(field.getField(), field.getDefaultMessage())
                        : new FieldProblem(error.getObjectName(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() + " field(s) are invalid");
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", errors));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A query string whose percent-encoding is not UTF-8 (the servlet container cannot decode it when a
     * parameter is first read): the client's request is malformed, so a 400, without echoing the bytes.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleUndecodableParameter(InvalidParameterException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The query string is not percent-encoded UTF-8");
        problem.setTitle("Invalid request");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // the parser's message can echo the body: say what is wrong without repeating it
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not a well-formed JSON document of the expected shape");
        problem.setTitle("Unreadable request body");
        FieldProblem field = unreadableField(ex.getCause());
        if (field != null) {
            problem.setProperties(Map.of("errors", List.of(field)));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The field the parser stopped at, when it got as far as a field: named, but its value not repeated. */
    private static FieldProblem unreadableField(Throwable cause) {
        if (!(cause instanceof JacksonException jackson) || jackson.getPath().isEmpty()) {
            return null;
        }
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        if (field.isEmpty()) {
            return null;
        }
        String message = switch (jackson) {
            case UnrecognizedPropertyException unknown -> "is not a known field";
            case StorableText.UnstorableTextException text -> text.getOriginalMessage();
            case MismatchedInputException mismatched -> "is missing or not of the expected type or format";
            default -> "cannot be read";
        };
        return new FieldProblem(field.toString(), message);
    }
}
