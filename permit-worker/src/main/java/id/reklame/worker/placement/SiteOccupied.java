package id.reklame.worker.placement;

import java.util.Comparator;
import java.util.Optional;

/** Another assessed or issued advertisement stands within 10 m for an overlapping period. */
public final class SiteOccupied implements PlacementRule {

    public static final String CODE = "SITE_OCCUPIED";

    @Override
    public Optional<Violation> check(Candidate candidate) {
        Site site = candidate.site();
        var period = candidate.form().period();
        return candidate.nearby().stream()
                .filter(other -> !other.applicationId().equals(candidate.applicationId()))
                .filter(other -> !other.from().isAfter(period.endDate()) && !other.to().isBefore(period.startDate()))
                .map(other -> other.site().metresTo(site))
                .filter(metres -> metres <= SiteCells.RADIUS_M)
                .min(Comparator.naturalOrder())
                .map(metres -> new Violation(CODE, Violation.Outcome.REJECTED,
                        "another advertisement holds a site %.1f m away during an overlapping period".formatted(metres)));
    }
}
