package id.reklame.worker.assessment;

import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reason;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.TaxBreakdown;
import id.reklame.worker.placement.Candidate;
import id.reklame.worker.placement.PlacementRules;
import id.reklame.worker.placement.Violation;
import id.reklame.worker.reference.ReferenceData;
import id.reklame.worker.tax.TaxCalculator;
import java.time.LocalDate;
import java.util.List;

/** Decides on a submitted (or revised) application: the placement rules, then the tax. */
public final class Assessor {

    public sealed interface Outcome {
    }

    /** Every rule passed: the tax, assessed on a day and due a month later. */
    public record Taxed(TaxBreakdown breakdown, LocalDate assessedOn, LocalDate dueDate) implements Outcome {
    }

    /** Some rules failed: all of them, and the most severe outcome. */
    public record Refused(Violation.Outcome outcome, List<Reason> reasons) implements Outcome {
    }

    /** No tariff applies: the reference data has a gap that only an operator can close. */
    public static class NoTariffException extends IllegalStateException {
        public NoTariffException(String message) {
            super(message);
        }
    }

    private final ReferenceData reference;
    private final PlacementRules rules;

    public Assessor(ReferenceData reference) {
        this.reference = reference;
        this.rules = PlacementRules.of(reference);
    }

    public Outcome assess(Candidate candidate, LocalDate assessedOn) {
        return switch (rules.check(candidate)) {
            case PlacementRules.Failed failed -> new Refused(failed.outcome(),
                    failed.violations().stream().map(Violation::reason).toList());
            case PlacementRules.Passed passed -> new Taxed(tax(candidate.form().reklame(), candidate.form().location(),
                    candidate.form().period()), assessedOn, assessedOn.plusMonths(1));
        };
    }

    /** The tax alone, as the public estimate gives it. */
    public TaxBreakdown tax(Reklame reklame, Location location, Period period) {
        long nsr = reference.nsr(reklame.type(), location.roadClass(), period.startDate())
                .orElseThrow(() -> new NoTariffException("no tariff for " + reklame.type() + " on a " + location.roadClass()
                        + " road in force on " + period.startDate()));
        return TaxCalculator.compute(reklame, period, nsr);
    }
}
