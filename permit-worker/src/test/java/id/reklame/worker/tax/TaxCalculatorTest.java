package id.reklame.worker.tax;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Placement;
import id.reklame.contracts.model.ProductCategory;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.ReklameType;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TaxCalculatorTest {

    private static Reklame reklame(String width, String height, int sides, int units, Placement placement,
                                   ProductCategory product, String heightAboveGround) {
        return new Reklame(ReklameType.BILLBOARD, "Kopi Nusantara", product, placement, new BigDecimal(width),
                new BigDecimal(height), sides, units, heightAboveGround == null ? null : new BigDecimal(heightAboveGround));
    }

    private static final Period THIRTY_DAYS = new Period(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 30));

    @Test
    void publishedDkiJakartaExampleIsSevenAndAHalfMillion() {
        var tax = TaxCalculator.compute(reklame("2", "4", 1, 1, Placement.OUTDOOR, ProductCategory.GENERAL, null),
                THIRTY_DAYS, 125_000);

        assertThat(tax.areaM2()).isEqualByComparingTo("8");
        assertThat(tax.days()).isEqualTo(30);
        assertThat(tax.base()).isEqualByComparingTo("30000000");
        assertThat(tax.adjustments()).isEmpty();
        assertThat(tax.tax()).isEqualTo(7_500_000);
    }

    @Test
    void indoorTobaccoHighUpAppliesEveryAdjustmentOnce() {
        var tax = TaxCalculator.compute(reklame("2", "4", 1, 1, Placement.INDOOR, ProductCategory.TOBACCO, "16"),
                THIRTY_DAYS, 125_000);

        assertThat(tax.adjustments()).extracting("reason").containsExactly("INDOOR", "RESTRICTED_PRODUCT", "ELEVATED");
        // 30,000,000 × 0.5 × 1.5 × 1.2 × 0.25
        assertThat(tax.tax()).isEqualTo(6_750_000);
    }

    @Test
    void roundsHalfUpOnceAtTheEnd() {
        // 0.1 × 0.1 m × 19,000 × 1 day = 190, × 0.25 = 47.5 → 48
        var tax = TaxCalculator.compute(reklame("0.1", "0.1", 1, 1, Placement.OUTDOOR, ProductCategory.GENERAL, null),
                new Period(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 1)), 19_000);

        assertThat(tax.base()).isEqualByComparingTo("190");
        assertThat(tax.tax()).isEqualTo(48);
    }

    @Test
    void exactlyFifteenMetresIsNotElevated() {
        var tax = TaxCalculator.compute(reklame("2", "4", 1, 1, Placement.OUTDOOR, ProductCategory.GENERAL, "15"),
                THIRTY_DAYS, 125_000);

        assertThat(tax.adjustments()).isEmpty();
    }
}
