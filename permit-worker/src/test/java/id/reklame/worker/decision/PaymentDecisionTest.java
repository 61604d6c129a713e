package id.reklame.worker.decision;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.ApplicationAssessed;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.contracts.application.PaymentRejected;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PaymentAcceptedDecision;
import id.reklame.contracts.decision.PaymentRejectedDecision;
import id.reklame.platform.kafka.TopicNames;
import id.reklame.testsupport.RealInfrastructureTest;
import id.reklame.testsupport.TopicProbe;
import id.reklame.worker.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Payments judged through the real broker, as reklame-command records them on the stream. */
@SpringBootTest(properties = "spring.config.name=permit-worker")
@RealInfrastructureTest
class PaymentDecisionTest {

    @Autowired
    TopicNames topics;

    @Test
    void aShortPaymentIsRejectedWithTheShortfallAndALatePaymentOfTheRestWithInterestIssuesThePermit() {
        UUID id = UUID.randomUUID();
        var form = Fixtures.dkiForm(-6.1, 106.8);
        try (TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            TopicProbe.send(Fixtures.record(topics.applications(), Fixtures.submitted(id, form), 1, Fixtures.SUBMITTED_AT));
            var assessment = Decisions.awaitDecision(decisions, id, AssessedDecision.class).assessment();
            assertThat(assessment.tax()).isEqualTo(7_500_000);
            assertThat(assessment.assessedOn()).isEqualTo(LocalDate.of(2027, 1, 10));
            assertThat(assessment.dueDate()).isEqualTo(LocalDate.of(2027, 2, 10));

            // on time, but short
            Instant onTime = Instant.parse("2027-02-01T02:00:00Z");
            TopicProbe.send(Fixtures.record(topics.applications(), new ApplicationAssessed(id, assessment), 2, onTime),
                    Fixtures.record(topics.applications(), new PaymentReceived(id, assessment.billingCode(), 7_000_000,
                            onTime, "BANK-1"), 3, onTime));
            assertThat(Decisions.awaitDecision(decisions, id, PaymentRejectedDecision.class)).isEqualTo(new PaymentRejectedDecision(id, 3, "BANK-1", 7_500_000, 7_000_000, 500_000));

            // the rest a month and a day late: 2 started months of 1% interest are due as well
            Instant late = Instant.parse("2027-03-11T02:00:00Z");
            TopicProbe.send(Fixtures.record(topics.applications(), new PaymentRejected(id, "BANK-1", 7_500_000, 7_000_000,
                            500_000), 4, onTime),
                    Fixtures.record(topics.applications(), new PaymentReceived(id, assessment.billingCode(), 650_000,
                            late, "BANK-2"), 5, late));
            var accepted = Decisions.awaitDecision(decisions, id, PaymentAcceptedDecision.class);
            assertThat(accepted.applicationVersion()).isEqualTo(5);
            assertThat(accepted.paymentReference()).isEqualTo("BANK-2");
            assertThat(accepted.permitNumber()).isEqualTo("IPR-RKL/2027/000001");
            assertThat(accepted.validFrom()).isEqualTo(form.period().startDate());
            assertThat(accepted.validTo()).isEqualTo(form.period().endDate());

            // the same reference again changes nothing
            TopicProbe.send(Fixtures.record(topics.applications(), new PaymentReceived(id, assessment.billingCode(), 650_000,
                    late, "BANK-2"), 6, late));
            assertThat(Decisions.allFor(decisions, id, Duration.ofSeconds(2))).hasSize(3);
        }
    }

    @Test
    void aLatePaymentOfTheTaxAloneFallsShortByTheInterest() {
        UUID id = UUID.randomUUID();
        try (TopicProbe decisions = TopicProbe.on(topics.decisions())) {
            TopicProbe.send(Fixtures.record(topics.applications(),
                    Fixtures.submitted(id, Fixtures.dkiForm(-6.2, 106.8)), 1, Fixtures.SUBMITTED_AT));
            var assessment = Decisions.awaitDecision(decisions, id, AssessedDecision.class).assessment();
            // 30 months late: interest stops at 24%
            Instant late = Instant.parse("2029-08-11T02:00:00Z");
            TopicProbe.send(Fixtures.record(topics.applications(), new ApplicationAssessed(id, assessment), 2, late),
                    Fixtures.record(topics.applications(), new PaymentReceived(id, assessment.billingCode(), 7_500_000,
                            late, "BANK-9"), 3, late));

            var rejected = Decisions.awaitDecision(decisions, id, PaymentRejectedDecision.class);
            assertThat(rejected).isEqualTo(new PaymentRejectedDecision(id, 3, "BANK-9", 9_300_000, 7_500_000, 1_800_000));
        }
    }
}
