package id.reklame.worker.placement;

import java.util.Optional;

/** One rule of domain.md's placement table, with its stable code. */
public interface PlacementRule {

    Optional<Violation> check(Candidate candidate);
}
