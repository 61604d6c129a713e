package id.reklame.query.projection;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What operations can read about the read models, on the service's own port only. */
@RestController
class ProjectionAdminController {

    record Gaps(long parkedEvents, List<ProjectionGaps.Gap> oldest) {
    }

    private final ProjectionGaps gaps;
    private final ProjectionChecksum checksum;
    private final ProjectionSchemas schemas;

    ProjectionAdminController(ProjectionGaps gaps, ProjectionChecksum checksum, ProjectionSchemas schemas) {
        this.gaps = gaps;
        this.checksum = checksum;
        this.schemas = schemas;
    }

    @GetMapping("/admin/projections/gaps")
    Gaps gaps() {
        return new Gaps(gaps.parkedEvents(), gaps.oldest(1000));
    }

    /** Compare with another instance's or environment's to see whether two sets of read models agree. */
    @GetMapping("/admin/projections/checksum")
    Map<String, ProjectionChecksum.TableChecksum> checksum() {
        return checksum.of(schemas.live());
    }
}
