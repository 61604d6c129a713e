package id.reklame.worker.placement;

import id.reklame.worker.reference.ReferenceData;
import java.util.List;
import java.util.Optional;

/** Every placement rule, checked together: all failures are reported, and REJECTED wins. */
public final class PlacementRules {

    /** What the rules say about a candidate. */
    public sealed interface Verdict {
    }

    public record Passed() implements Verdict {
    }

    /** {@code outcome} is the most severe of the violations; all of them are listed. */
    public record Failed(Violation.Outcome outcome, List<Violation> violations) implements Verdict {
    }

    private final List<PlacementRule> rules;

    public PlacementRules(List<PlacementRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of domain.md, in its order, over the given reference data. */
    public static PlacementRules of(ReferenceData reference) {
        return new PlacementRules(List.of(new ProductProhibited(), new InProhibitedZone(reference.zones()),
                new SiteOccupied(), new SizeExceeded(reference.maxFaceM2()), new PeriodInvalid()));
    }

    public Verdict check(Candidate candidate) {
        List<Violation> violations = rules.stream().map(rule -> rule.check(candidate)).flatMap(Optional::stream).toList();
        if (violations.isEmpty()) {
            return new Passed();
        }
        boolean rejected = violations.stream().anyMatch(v -> v.outcome() == Violation.Outcome.REJECTED);
        return new Failed(rejected ? Violation.Outcome.REJECTED : Violation.Outcome.REVISION_REQUIRED, violations);
    }
}
