package id.reklame.command.domain;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.ApplicationAssessed;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationRevised;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PaymentAcceptedDecision;
import id.reklame.contracts.model.*;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApplicationTest {

    private static final UUID ID = UUID.randomUUID();

    static ApplicationForm form() {
        return new ApplicationForm(
                new Applicant("PT Maju Jaya", "3578012345670001", "izin@majujaya.co.id", "+6281234567890"),
                new Reklame(ReklameType.BILLBOARD, "Kopi Nusantara", ProductCategory.GENERAL, Placement.OUTDOOR,
                        new BigDecimal("2"), new BigDecimal("4"), 1, 1, null),
                new Location("Jl. Raya Darmo 1", "Tegalsari", RoadClass.PROTOCOL, new BigDecimal("-7.2756"),
                        new BigDecimal("112.7395")),
                new Period(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 30)));
    }

    private static final TaxAssessment ASSESSMENT = new TaxAssessment(125_000, new BigDecimal("8"), 30,
            new BigDecimal("30000000"), List.of(), 7_500_000, "SKPD-RKL/2027/000001", "357820270100000142",
            LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1));

    @Test
    void submittedApplicationStartsAtVersionOne() {
        Application application = Application.replay(List.of(Application.submit(ID, form())));

        assertThat(application.version()).isEqualTo(1);
        assertThat(application.status()).isEqualTo(ApplicationStatus.SUBMITTED);
    }

    @Test
    void assessmentOnTheCurrentVersionBecomesApplicationAssessed() {
        Application application = Application.replay(List.of(Application.submit(ID, form())));

        Outcome outcome = application.decide(new AssessedDecision(ID, 1, ASSESSMENT));

        assertThat(outcome).isEqualTo(new Outcome.Accepted(new ApplicationAssessed(ID, ASSESSMENT)));
    }

    @Test
    void assessmentMadeOnARevisedVersionIsRefusedAsStale() {
        ApplicationForm form = form();
        List<ApplicationEvent> events = List.of(Application.submit(ID, form),
                new ApplicationRevised(ID, form.applicant(), form.reklame(), form.location(), form.period()));

        Outcome outcome = Application.replay(events).decide(new AssessedDecision(ID, 1, ASSESSMENT));

        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void paymentDecisionOnAnUnassessedApplicationIsRefused() {
        Application application = Application.replay(List.of(Application.submit(ID, form())));

        Outcome outcome = application.decide(new PaymentAcceptedDecision(ID, 1, "PAY-1", "IPR-RKL/2027/000001",
                LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 30)));

        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    }
}
