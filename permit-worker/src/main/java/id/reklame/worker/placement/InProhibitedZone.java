package id.reklame.worker.placement;

import id.reklame.worker.reference.ProhibitedZone;
import java.util.List;
import java.util.Optional;

/** No advertisement within a prohibited zone's radius (schools, places of worship, ...). */
public final class InProhibitedZone implements PlacementRule {

    public static final String CODE = "PROHIBITED_ZONE";

    private final List<ProhibitedZone> zones;

    public InProhibitedZone(List<ProhibitedZone> zones) {
        this.zones = List.copyOf(zones);
    }

    @Override
    public Optional<Violation> check(Candidate candidate) {
        Site site = candidate.site();
        return zones.stream()
                .filter(zone -> zone.centre().metresTo(site) <= zone.radiusM())
                .findFirst()
                .map(zone -> new Violation(CODE, Violation.Outcome.REJECTED, "%.0f m from %s (%s), inside its %.0f m radius"
                        .formatted(zone.centre().metresTo(site), zone.id(), zone.kind(), zone.radiusM())));
    }
}
