package id.reklame.command.domain;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.command.domain.Outcome.Refusal;
import id.reklame.contracts.application.*;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.ExpiredDecision;
import id.reklame.contracts.decision.PaymentAcceptedDecision;
import id.reklame.contracts.decision.RevisionRequiredDecision;
import id.reklame.contracts.model.*;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApplicationTest {

    private static final UUID ID = UUID.randomUUID();
    /** The applicant that submitted it: a renewal keeps it. */
    private static final String OWNER = "applicant-1";
    private static final String BILLING_CODE = "357820270100000142";
    private static final LocalDate END = LocalDate.of(2027, 1, 30);

    static ApplicationForm form() {
        return new ApplicationForm(
                new Applicant("PT Maju Jaya", "3578012345670001", "izin@majujaya.co.id", "+6281234567890"),
                new Reklame(ReklameType.BILLBOARD, "Kopi Nusantara", ProductCategory.GENERAL, Placement.OUTDOOR,
                        new BigDecimal("2"), new BigDecimal("4"), 1, 1, null),
                new Location("Jl. Raya Darmo 1", "Tegalsari", RoadClass.PROTOCOL, new BigDecimal("-7.2756"),
                        new BigDecimal("112.7395")),
                new Period(LocalDate.of(2027, 1, 1), END));
    }

    private static final TaxAssessment ASSESSMENT = new TaxAssessment(125_000, new BigDecimal("8"), 30,
            new BigDecimal("30000000"), List.of(), 7_500_000, "SKPD-RKL/2027/000001", BILLING_CODE,
            LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1));
    private static final List<Reason> REASONS = List.of(new Reason("SIZE_EXCEEDED", "too large for a local road"));
    private static final Payment PAYMENT = new Payment(BILLING_CODE, 7_500_000, Instant.parse("2027-01-20T03:15:00Z"), "BJTM-1");

    /** An application that has gone through the events leading to {@code status}. */
    static Application in(ApplicationStatus status) {
        List<ApplicationEvent> events = new ArrayList<>(List.of(Application.submit(ID, form(), OWNER)));
        switch (status) {
            case SUBMITTED -> { }
            case REVISION_REQUIRED -> events.add(new RevisionRequested(ID, REASONS));
            case REJECTED -> events.add(new ApplicationRejected(ID, REASONS));
            case WITHDRAWN -> events.add(new ApplicationWithdrawn(ID, "changed our mind"));
            case ASSESSED -> events.add(new ApplicationAssessed(ID, ASSESSMENT));
            case PAYMENT_REJECTED -> events.addAll(List.of(new ApplicationAssessed(ID, ASSESSMENT), paymentReceived("BJTM-0"),
                    new PaymentRejected(ID, "BJTM-0", 7_500_000, 1_000_000, 6_500_000)));
            case ISSUED -> events.addAll(issued());
            case EXPIRED -> {
                events.addAll(issued());
                events.add(new PermitExpired(ID, END.plusDays(1)));
            }
        }
        Application application = Application.replay(events);
        assertThat(application.status()).isEqualTo(status);
        return application;
    }

    private static List<ApplicationEvent> issued() {
        return List.of(new ApplicationAssessed(ID, ASSESSMENT), paymentReceived("BJTM-0"),
                new PermitIssued(ID, "IPR-RKL/2027/000001", LocalDate.of(2027, 1, 1), END));
    }

    private static PaymentReceived paymentReceived(String reference) {
        return new PaymentReceived(ID, BILLING_CODE, 7_500_000, Instant.parse("2027-01-20T03:15:00Z"), reference);
    }

    @Test
    void submittedApplicationStartsAtVersionOne() {
        Application application = Application.replay(List.of(Application.submit(ID, form(), OWNER)));

        assertThat(application.version()).isEqualTo(1);
        assertThat(application.status()).isEqualTo(ApplicationStatus.SUBMITTED);
    }

    @ParameterizedTest
    @EnumSource(names = {"SUBMITTED", "REVISION_REQUIRED"})
    void revisionBeforeADecisionOtherThanReviseBecomesApplicationRevised(ApplicationStatus status) {
        ApplicationForm revised = form();

        Outcome outcome = in(status).revise(revised);

        assertThat(outcome).isEqualTo(new Outcome.Accepted(new ApplicationRevised(ID, revised.applicant(),
                revised.reklame(), revised.location(), revised.period())));
    }

    @ParameterizedTest
    @EnumSource(names = {"ASSESSED", "REJECTED", "WITHDRAWN", "PAYMENT_REJECTED", "ISSUED", "EXPIRED"})
    void revisionAfterAssessmentOrAFinalStateIsRefused(ApplicationStatus status) {
        assertThat(in(status).revise(form())).isInstanceOf(Outcome.Refused.class)
                .extracting("refusal").isEqualTo(Refusal.WRONG_STATUS);
    }

    @ParameterizedTest
    @EnumSource(names = {"SUBMITTED", "REVISION_REQUIRED", "ASSESSED", "PAYMENT_REJECTED"})
    void withdrawalBeforeIssueBecomesApplicationWithdrawnWithItsReason(ApplicationStatus status) {
        assertThat(in(status).withdraw("site no longer rented"))
                .isEqualTo(new Outcome.Accepted(new ApplicationWithdrawn(ID, "site no longer rented")));
    }

    @ParameterizedTest
    @EnumSource(names = {"ISSUED", "EXPIRED", "REJECTED", "WITHDRAWN"})
    void withdrawalOfAnIssuedOrFinalApplicationIsRefused(ApplicationStatus status) {
        assertThat(in(status).withdraw("too late")).isInstanceOf(Outcome.Refused.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"ASSESSED", "PAYMENT_REJECTED"})
    void paymentOfAPayableApplicationBecomesPaymentReceived(ApplicationStatus status) {
        assertThat(in(status).recordPayment(PAYMENT)).isEqualTo(new Outcome.Accepted(new PaymentReceived(ID,
                BILLING_CODE, 7_500_000, PAYMENT.paidAt(), "BJTM-1")));
    }

    @ParameterizedTest
    @EnumSource(names = {"SUBMITTED", "REVISION_REQUIRED", "REJECTED", "WITHDRAWN", "ISSUED", "EXPIRED"})
    void paymentBeforeAssessmentOrAfterIssueIsRefused(ApplicationStatus status) {
        assertThat(in(status).recordPayment(PAYMENT)).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void repeatedPaymentReferenceChangesNothingEvenAfterThePermitWasIssued() {
        assertThat(in(ApplicationStatus.ISSUED).recordPayment(new Payment(BILLING_CODE, 1, Instant.now(), "BJTM-0")))
                .isInstanceOf(Outcome.Unchanged.class);
    }

    @Test
    void paymentAgainstAnotherBillingCodeIsRefused() {
        Outcome outcome = in(ApplicationStatus.ASSESSED)
                .recordPayment(new Payment("999999999999999999", 7_500_000, Instant.now(), "BJTM-2"));

        assertThat(outcome).extracting("refusal").isEqualTo(Refusal.WRONG_BILLING_CODE);
    }

    @Test
    void renewalWithinTheWindowIsANewApplicationForTheFollowingPeriodOfTheSameLength() {
        UUID renewal = UUID.randomUUID();

        Outcome outcome = in(ApplicationStatus.ISSUED).renew(renewal, END.minusDays(30));

        ApplicationForm form = form();
        assertThat(outcome).isEqualTo(new Outcome.Accepted(new ApplicationSubmitted(renewal, form.applicant(),
                form.reklame(), form.location(), new Period(LocalDate.of(2027, 1, 31), LocalDate.of(2027, 3, 1)), ID, OWNER)));
    }

    @Test
    void renewalIsAllowedUntilTheLastDayOfThePermit() {
        assertThat(in(ApplicationStatus.ISSUED).renew(UUID.randomUUID(), END)).isInstanceOf(Outcome.Accepted.class);
    }

    @Test
    void renewalEarlierThanThirtyDaysBeforeTheEndOrAfterItIsRefused() {
        Application permit = in(ApplicationStatus.ISSUED);

        assertThat(permit.renew(UUID.randomUUID(), END.minusDays(31))).extracting("refusal")
                .isEqualTo(Refusal.OUTSIDE_RENEWAL_WINDOW);
        assertThat(permit.renew(UUID.randomUUID(), END.plusDays(1))).extracting("refusal")
                .isEqualTo(Refusal.OUTSIDE_RENEWAL_WINDOW);
    }

    @ParameterizedTest
    @EnumSource(names = "ISSUED", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnIssuedPermitCanBeRenewed(ApplicationStatus status) {
        assertThat(in(status).renew(UUID.randomUUID(), END.minusDays(5))).extracting("refusal")
                .isEqualTo(Refusal.WRONG_STATUS);
    }

    @Test
    void assessmentOnTheCurrentVersionBecomesApplicationAssessed() {
        Application application = Application.replay(List.of(Application.submit(ID, form(), OWNER)));

        Outcome outcome = application.decide(new AssessedDecision(ID, 1, ASSESSMENT));

        assertThat(outcome).isEqualTo(new Outcome.Accepted(new ApplicationAssessed(ID, ASSESSMENT)));
    }

    @Test
    void assessmentMadeOnARevisedVersionIsRefusedAsStale() {
        ApplicationForm form = form();
        List<ApplicationEvent> events = List.of(Application.submit(ID, form, OWNER),
                new ApplicationRevised(ID, form.applicant(), form.reklame(), form.location(), form.period()));

        Outcome outcome = Application.replay(events).decide(new AssessedDecision(ID, 1, ASSESSMENT));

        assertThat(outcome).extracting("refusal").isEqualTo(Refusal.STALE);
    }

    @Test
    void decisionOnTheCurrentVersionThatDoesNotFitTheStatusIsRefusedAsInvalid() {
        Application withdrawn = in(ApplicationStatus.WITHDRAWN);

        assertThat(withdrawn.decide(new RevisionRequiredDecision(ID, withdrawn.version(), REASONS)))
                .extracting("refusal").isEqualTo(Refusal.WRONG_STATUS);
    }

    @Test
    void paymentDecisionOnAnUnassessedApplicationIsRefused() {
        Application application = Application.replay(List.of(Application.submit(ID, form(), OWNER)));

        Outcome outcome = application.decide(new PaymentAcceptedDecision(ID, 1, "PAY-1", "IPR-RKL/2027/000001",
                LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 30)));

        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void expiryOfAnIssuedPermitBecomesPermitExpired() {
        Application issued = in(ApplicationStatus.ISSUED);

        assertThat(issued.decide(new ExpiredDecision(ID, issued.version(), END.plusDays(1))))
                .isEqualTo(new Outcome.Accepted(new PermitExpired(ID, END.plusDays(1))));
    }
}
