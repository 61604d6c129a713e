package id.reklame.query.view;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/applications")
class ApplicationViewController {

    private static final Duration POLL = Duration.ofMillis(25);

    private final ApplicationViews views;
    private final Duration minVersionWait;

    ApplicationViewController(ApplicationViews views, @Value("${reklame.query.min-version-wait:2s}") Duration minVersionWait) {
        this.views = views;
        this.minVersionWait = minVersionWait;
    }

    /** With {@code minVersion}, waits briefly until the view has caught up with the caller's own write. */
    @GetMapping("/{applicationId}")
    ResponseEntity<ApplicationView> get(@PathVariable UUID applicationId,
                                        @RequestParam(required = false) Long minVersion) throws InterruptedException {
        long deadline = System.nanoTime() + minVersionWait.toNanos();
        Optional<ApplicationView> view = views.find(applicationId);
        while (minVersion != null && view.map(v -> v.version() < minVersion).orElse(true)
                && System.nanoTime() < deadline) {
            Thread.sleep(POLL);
            view = views.find(applicationId);
        }
        if (view.isEmpty()) {
            throw problem(HttpStatus.NOT_FOUND, "No application " + applicationId);
        }
        if (minVersion != null && view.get().version() < minVersion) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "The view has reached version " + view.get().version() + ", not yet " + minVersion);
            problem.setProperty("version", view.get().version());
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        return ResponseEntity.ok().eTag(Long.toString(view.get().version())).body(view.get());
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
