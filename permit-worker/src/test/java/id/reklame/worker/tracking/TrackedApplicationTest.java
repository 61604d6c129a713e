package id.reklame.worker.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.*;
import id.reklame.contracts.model.TaxAssessment;
import id.reklame.worker.Fixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackedApplicationTest {

    private static final UUID ID = UUID.randomUUID();
    private static final TaxAssessment ASSESSMENT = new TaxAssessment(125_000, new BigDecimal("8"), 30,
            new BigDecimal("30000000"), List.of(), 7_500_000, "SKPD-RKL/2027/000001", "357820270100000123",
            LocalDate.of(2027, 1, 10), LocalDate.of(2027, 2, 10));

    private static TrackedApplication apply(TrackedApplication state, ApplicationEvent event, long version, Instant at) {
        return state.apply(Fixtures.metadata(UUID.randomUUID(), event, version, at), event);
    }

    @Test
    void theSubmissionDayIsTheSubmittedEventsTimeInJakarta() {
        // 20:00 UTC on the 9th is 03:00 on the 10th in Jakarta
        var state = apply(TrackedApplication.unknown(ID), Fixtures.submitted(ID, Fixtures.dkiForm()), 1,
                Instant.parse("2027-01-09T20:00:00Z"));

        assertThat(state.status()).isEqualTo(Status.SUBMITTED);
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.submittedOn()).isEqualTo(LocalDate.of(2027, 1, 10));
        assertThat(state.holdsSite()).isFalse();
    }

    @Test
    void aRevisionKeepsTheDayOfTheOriginalSubmission() {
        var form = Fixtures.dkiForm();
        var state = apply(TrackedApplication.unknown(ID), Fixtures.submitted(ID, form), 1, Fixtures.SUBMITTED_AT);
        state = apply(state, new ApplicationRevised(ID, form.applicant(), form.reklame(), form.location(), form.period()), 2,
                Fixtures.SUBMITTED_AT.plusSeconds(40 * 86_400));

        assertThat(state.submittedOn()).isEqualTo(LocalDate.of(2027, 1, 10));
        assertThat(state.version()).isEqualTo(2);
    }

    @Test
    void anEventSeenBeforeChangesNothing() {
        var submitted = apply(TrackedApplication.unknown(ID), Fixtures.submitted(ID, Fixtures.dkiForm()), 1, Fixtures.SUBMITTED_AT);
        var assessed = apply(submitted, new ApplicationAssessed(ID, ASSESSMENT), 2, Fixtures.SUBMITTED_AT);
        var withdrawnReplayed = apply(assessed, new ApplicationWithdrawn(ID, "late"), 2, Fixtures.SUBMITTED_AT);

        assertThat(withdrawnReplayed).isEqualTo(assessed);
        assertThat(assessed.status()).isEqualTo(Status.ASSESSED);
        assertThat(assessed.tax()).isEqualTo(7_500_000);
        assertThat(assessed.billingCode()).isEqualTo(ASSESSMENT.billingCode());
        assertThat(assessed.holdsSite()).isTrue();
    }

    @Test
    void aSiteClaimedByTheWorkerIsReleasedByAWithdrawalOrRevision() {
        var form = Fixtures.dkiForm();
        var claimed = apply(TrackedApplication.unknown(ID), Fixtures.submitted(ID, form), 1, Fixtures.SUBMITTED_AT).claimSite();

        assertThat(claimed.holdsSite()).isTrue();
        assertThat(apply(claimed, new ApplicationWithdrawn(ID, "changed plans"), 2, Fixtures.SUBMITTED_AT).holdsSite()).isFalse();
        assertThat(apply(claimed, new ApplicationRevised(ID, form.applicant(), form.reklame(), form.location(),
                form.period()), 2, Fixtures.SUBMITTED_AT).holdsSite()).isFalse();
    }

    @Test
    void anIssuedPermitHoldsItsSiteUntilItExpires() {
        var issued = apply(TrackedApplication.unknown(ID), new PermitIssued(ID, "IPR-RKL/2027/000001",
                LocalDate.of(2027, 2, 1), LocalDate.of(2027, 3, 2)), 4, Fixtures.SUBMITTED_AT);

        assertThat(issued.status()).isEqualTo(Status.ISSUED);
        assertThat(issued.endDate()).isEqualTo(LocalDate.of(2027, 3, 2));
        assertThat(apply(issued, new PermitExpired(ID, LocalDate.of(2027, 3, 3)), 5, Fixtures.SUBMITTED_AT).status())
                .isEqualTo(Status.EXPIRED);
    }
}
