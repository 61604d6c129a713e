package id.reklame.query.view;

import id.reklame.platform.security.Caller;
import id.reklame.platform.web.ProblemDetailsAdvice;
import id.reklame.query.QueryProperties;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@RequestMapping("/api/v1/applications")
class ApplicationViewController {

    /** How often a reader waiting for {@code minVersion} looks again without being woken (another instance's commit). */
    private static final Duration RECHECK = Duration.ofMillis(50);

    private final ApplicationViews views;
    private final ViewChanges changes;
    private final QueryProperties properties;

    ApplicationViewController(ApplicationViews views, ViewChanges changes, QueryProperties properties) {
        this.views = views;
        this.changes = changes;
        this.properties = properties;
    }

    /**
     * With {@code minVersion}, waits briefly until the view has caught up with the caller's own write,
     * then answers 409 with the version it has (0: the application has not reached the view yet). Another
     * applicant's application is answered exactly as an unknown one.
     */
    @GetMapping("/{applicationId}")
    ResponseEntity<ApplicationView> get(@PathVariable UUID applicationId,
                                        @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1"))
                                        @RequestParam(name = "minVersion", required = false) String minVersionText)
            throws InterruptedException {
        Long minVersion = minVersion(minVersionText);
        long deadline = System.nanoTime() + properties.minVersionWait().toNanos();
        Caller caller = Caller.current();
        CompletableFuture<ApplicationView> change = minVersion == null ? null : changes.next(applicationId);
        Optional<ApplicationView> view = visible(applicationId, caller);
        long remaining;
        while (minVersion != null && view.map(v -> v.version() < minVersion).orElse(true)
                && (remaining = deadline - System.nanoTime()) > 0) {
            ApplicationView committed = ViewChanges.await(change, Duration.ofNanos(Math.min(remaining, RECHECK.toNanos())));
            if (committed != null && committed.version() >= minVersion && caller.maySee(committed.owner())) {
                // this instance has just committed it: no need to read it back
                view = Optional.of(committed);
                change = null;
                break;
            }
            change = changes.next(applicationId);
            view = visible(applicationId, caller);
        }
        if (change != null) {
            changes.release(applicationId, change);
        }
        // a caller asking for a version it was given has written it: an absent view is one not there yet
        long reached = view.map(ApplicationView::version).orElse(0L);
        if (minVersion != null && reached < minVersion) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "The view has reached version " + reached + ", not yet " + minVersion);
            problem.setProperty("version", reached);
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        if (view.isEmpty()) {
            throw problem(HttpStatus.NOT_FOUND, "No application " + applicationId);
        }
        return ResponseEntity.ok().eTag(Long.toString(view.get().version())).body(view.get());
    }

    /** Filters are exact (district ignores case); {@code sort} is {@code field[,asc|desc]}, repeatable. */
    @GetMapping
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "field[,asc|desc], repeatable; fields: "
            + "submittedAt (default, desc), updatedAt, status, type, district, roadClass, version",
            array = @ArraySchema(schema = @Schema(type = "string")))
    ApplicationViews.Page search(@RequestParam(required = false) String status,
                                 @RequestParam(required = false) String type,
                                 @RequestParam(required = false) String district,
                                 @RequestParam(required = false) String roadClass,
                                 @RequestParam(required = false) String page,
                                 @RequestParam(required = false) String size,
                                 @Parameter(hidden = true) WebRequest request) {
        // read raw: a declared List<String> would split "submittedAt,desc" at the comma
        String[] sort = request.getParameterValues("sort");
        Caller caller = Caller.current();
        return views.search(ApplicationSearch.parse(status, type, district, roadClass, page, size,
                sort == null ? List.of() : List.of(sort), properties.maxPageSize()),
                caller.seesOnlyItsOwn() ? Optional.of(caller.subject()) : Optional.empty());
    }

    /** Versions start at 1; anything else (a second value, hexadecimal, other scripts' digits) is refused. */
    private static Long minVersion(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Long version = ApplicationSearch.wholeNumber(text);
        if (version == null || version < 1) {
            throw ApplicationSearch.invalid(List.of(new ProblemDetailsAdvice.FieldProblem("minVersion",
                    "must be a whole number from 1 to " + Long.MAX_VALUE)));
        }
        return version;
    }

    private Optional<ApplicationView> visible(UUID applicationId, Caller caller) {
        return views.find(applicationId).filter(view -> caller.maySee(view.owner()));
    }

    static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
