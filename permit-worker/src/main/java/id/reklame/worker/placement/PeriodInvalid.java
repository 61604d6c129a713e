package id.reklame.worker.placement;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The period may not start before the day of submission, nor last longer than 365 days. */
public final class PeriodInvalid implements PlacementRule {

    public static final String CODE = "PERIOD_INVALID";
    static final long MAX_DAYS = 365;

    @Override
    public Optional<Violation> check(Candidate candidate) {
        var period = candidate.form().period();
        List<String> problems = new ArrayList<>();
        if (period.startDate().isBefore(candidate.submittedOn())) {
            problems.add("it starts on " + period.startDate() + ", before the day of submission, " + candidate.submittedOn());
        }
        long days = ChronoUnit.DAYS.between(period.startDate(), period.endDate()) + 1;
        if (days > MAX_DAYS) {
            problems.add("it lasts " + days + " days, more than " + MAX_DAYS);
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of(new Violation(CODE, Violation.Outcome.REVISION_REQUIRED, "the period is invalid: "
                        + String.join("; ", problems)));
    }
}
