package id.reklame.worker.reference;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.model.ReklameType;
import id.reklame.contracts.model.RoadClass;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {

    private static final ReferenceData REFERENCE = new ReferenceData(List.of(
            new Tariff(ReklameType.BILLBOARD, RoadClass.PROTOCOL, LocalDate.of(2000, 1, 1), 125_000),
            new Tariff(ReklameType.BILLBOARD, RoadClass.PROTOCOL, LocalDate.of(2030, 1, 1), 150_000),
            new Tariff(ReklameType.BILLBOARD, RoadClass.LOCAL, LocalDate.of(2000, 1, 1), 30_000)), List.of(), Map.of());

    @Test
    void aTariffAppliesFromItsFirstDay() {
        assertThat(REFERENCE.nsr(ReklameType.BILLBOARD, RoadClass.PROTOCOL, LocalDate.of(2030, 1, 1))).hasValue(150_000L);
        assertThat(REFERENCE.nsr(ReklameType.BILLBOARD, RoadClass.PROTOCOL, LocalDate.of(2035, 6, 1))).hasValue(150_000L);
    }

    @Test
    void aLaterTariffNeverChangesAPeriodThatBeganBeforeIt() {
        assertThat(REFERENCE.nsr(ReklameType.BILLBOARD, RoadClass.PROTOCOL, LocalDate.of(2029, 12, 31))).hasValue(125_000L);
    }

    @Test
    void noTariffBeforeTheFirstOrForAnotherTypeIsAbsentNotZero() {
        assertThat(REFERENCE.nsr(ReklameType.BILLBOARD, RoadClass.PROTOCOL, LocalDate.of(1999, 12, 31))).isEmpty();
        assertThat(REFERENCE.nsr(ReklameType.STIKER, RoadClass.PROTOCOL, LocalDate.of(2027, 1, 1))).isEmpty();
    }
}
