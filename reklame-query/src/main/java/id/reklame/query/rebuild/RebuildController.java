package id.reklame.query.rebuild;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations' handle on rebuilding the read models, on the service's own port only: the ingress
 * routes {@code /api/v1/**} and API documents, nothing under {@code /admin}.
 */
@RestController
class RebuildController {

    private static final String PATH = "/admin/projections/rebuild";

    private final ProjectionRebuild rebuild;

    RebuildController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping(PATH)
    ResponseEntity<RebuildProgress> start() {
        try {
            return ResponseEntity.accepted().location(URI.create(PATH)).body(rebuild.start());
        } catch (RebuildRefusedException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
            problem.setTitle("A rebuild is already running");
            problem.setProperty("progress", rebuild.progress());
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, e);
        }
    }

    @GetMapping(PATH)
    RebuildProgress progress() {
        return rebuild.progress();
    }
}
