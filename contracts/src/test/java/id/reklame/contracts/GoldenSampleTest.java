package id.reklame.contracts;

import static id.reklame.contracts.ContractFiles.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.ApplicationAssessed;
import id.reklame.contracts.application.ApplicationRevised;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.contracts.application.PaymentRejected;
import id.reklame.contracts.application.PermitIssued;
import id.reklame.contracts.decision.AssessedDecision;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The golden samples are what producers write and consumers read: records, schemas and samples agree. */
class GoldenSampleTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("id.reklame.contracts.ContractFiles#ceTypes")
    void sampleSurvivesARoundTripThroughItsRecord(String ceType) {
        Object event = MAPPER.readValue(ContractFiles.sampleText(ceType), ContractFiles.recordClass(ceType));

        assertThat(EventTypes.typeOf(event)).isEqualTo(ceType);
        var written = ContractFiles.wire(event);
        assertThat(ContractFiles.sameJson(written, ContractFiles.sample(ceType)))
                .as("%s re-serialised as%n%s", ceType, written).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("id.reklame.contracts.ContractFiles#ceTypes")
    void sampleIsValidAgainstItsSchema(String ceType) {
        assertThat(ContractFiles.validate(ceType, ContractFiles.sample(ceType))).isEmpty();
    }

    @Test
    void numbersCompareByValueButFieldsCompareExactly() {
        assertThat(ContractFiles.sameJson(MAPPER.readTree("{\"w\":4,\"a\":[1]}"), MAPPER.readTree("{\"w\":4.00,\"a\":[1.0]}"))).isTrue();
        assertThat(ContractFiles.sameJson(MAPPER.readTree("{\"w\":4}"), MAPPER.readTree("{\"w\":4.01}"))).isFalse();
        assertThat(ContractFiles.sameJson(MAPPER.readTree("{\"w\":4}"), MAPPER.readTree("{\"w\":\"4\"}"))).isFalse();
        assertThat(ContractFiles.sameJson(MAPPER.readTree("{\"w\":4,\"h\":8}"), MAPPER.readTree("{\"w\":4}"))).isFalse();
    }

    @Test
    void roundTripCatchesAFieldTheRecordDoesNotKnow() {
        // the reader tolerates unknown fields, so a renamed component would silently drop data: the comparison must see it
        String renamed = ContractFiles.sampleText("id.reklame.application.submitted.v1")
                .replace("\"heightAboveGroundM\"", "\"heightAboveGround\"");
        var event = MAPPER.readValue(renamed, ApplicationSubmitted.class);

        assertThat(event.reklame().heightAboveGroundM()).isNull();
        assertThat(ContractFiles.sameJson(ContractFiles.wire(event), MAPPER.readTree(renamed))).isFalse();
    }

    @Test
    void aSubmissionWrittenBeforeOwnersWereRecordedStillReadsAndIsValid() {
        var sample = (tools.jackson.databind.node.ObjectNode) ContractFiles.sample("id.reklame.application.submitted.v1");
        sample.remove("owner");
        var event = MAPPER.treeToValue(sample, ApplicationSubmitted.class);

        assertThat(event.owner()).isNull();
        assertThat(ContractFiles.validate("id.reklame.application.submitted.v1", sample)).isEmpty();
        assertThat(read("id.reklame.application.submitted.v1", ApplicationSubmitted.class).owner())
                .isEqualTo("applicant-3f9c2a");
    }

    @Test
    void samplesTellOneConsistentStoryOfTheDkiExample() {
        var form = read("id.reklame.application.revised.v1", ApplicationRevised.class);
        var assessment = read("id.reklame.decision.assessed.v1", AssessedDecision.class).assessment();
        var reklame = form.reklame();

        // domain.md: base = nsr x area x sides x units x days, tax = 25% rounded half-up, due one month after assessment
        BigDecimal area = reklame.widthM().multiply(reklame.heightM());
        long days = ChronoUnit.DAYS.between(form.period().startDate(), form.period().endDate()) + 1;
        BigDecimal base = BigDecimal.valueOf(assessment.nsr()).multiply(area)
                .multiply(BigDecimal.valueOf((long) reklame.sides() * reklame.units() * days));
        assertThat(assessment.areaM2()).isEqualByComparingTo(area);
        assertThat(assessment.days()).isEqualTo(days).isEqualTo(30);
        assertThat(assessment.base()).isEqualByComparingTo(base).isEqualByComparingTo("30000000");
        assertThat(assessment.adjustments()).isEmpty();
        assertThat(assessment.tax()).isEqualTo(base.multiply(new BigDecimal("0.25")).setScale(0, RoundingMode.HALF_UP)
                .longValueExact()).isEqualTo(7_500_000L);
        assertThat(assessment.dueDate()).isEqualTo(assessment.assessedOn().plusMonths(1));

        assertThat(read("id.reklame.application.assessed.v1", ApplicationAssessed.class).assessment()).isEqualTo(assessment);
        var paid = read("id.reklame.application.payment.received.v1", PaymentReceived.class);
        assertThat(paid.billingCode()).isEqualTo(assessment.billingCode());
        assertThat(paid.amount()).isEqualTo(assessment.tax());
        var shortPayment = read("id.reklame.application.payment.rejected.v1", PaymentRejected.class);
        assertThat(shortPayment.amountDue() - shortPayment.amountPaid()).isEqualTo(shortPayment.shortfall());
        var permit = read("id.reklame.application.permit.issued.v1", PermitIssued.class);
        assertThat(permit.validFrom()).isEqualTo(form.period().startDate());
        assertThat(permit.validTo()).isEqualTo(form.period().endDate());
    }

    private static <T> T read(String ceType, Class<T> type) {
        return MAPPER.readValue(ContractFiles.sampleText(ceType), type);
    }
}
