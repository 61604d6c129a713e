package id.reklame.worker.tax;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Placement;
import id.reklame.contracts.model.ProductCategory;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.ReklameType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Invariants of the tax over many generated applications within the bounds of domain.md. Each run
 * draws a new seed and names it on failure; {@code -Dreklame.test.seed=<seed>} repeats a run.
 */
class TaxPropertiesTest {

    private static final int TRIES = 2_000;

    private record Sample(Reklame reklame, Period period, long nsr) {
    }

    private static void forAll(BiConsumer<Sample, Random> property) {
        long seed = Long.getLong("reklame.test.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            Sample sample = sample(random);
            try {
                property.accept(sample, random);
            } catch (AssertionError e) {
                throw new AssertionError("falsified with seed " + seed + " by " + sample + ": " + e.getMessage(), e);
            }
        }
    }

    private static Sample sample(Random random) {
        LocalDate start = LocalDate.of(2027, 1, 1).plusDays(random.nextInt(3_000));
        Reklame reklame = new Reklame(ReklameType.values()[random.nextInt(ReklameType.values().length)], "x",
                ProductCategory.values()[random.nextInt(3)], Placement.values()[random.nextInt(2)],
                metres(random, 10, 5_000), metres(random, 10, 5_000), 1 + random.nextInt(4), 1 + random.nextInt(500),
                random.nextBoolean() ? null : metres(random, 0, 10_000));
        long nsr = 1 + random.nextInt(250_000);
        return new Sample(reklame, new Period(start, start.plusDays(random.nextInt(365))), nsr);
    }

    /** Hundredths of a metre in [min, max]: widths and heights have at most 2 decimals. */
    private static BigDecimal metres(Random random, int minCentimetres, int maxCentimetres) {
        return BigDecimal.valueOf(minCentimetres + random.nextInt(maxCentimetres - minCentimetres + 1), 2);
    }

    private static Reklame with(Reklame r, Placement placement, ProductCategory product, int units) {
        return new Reklame(r.type(), r.content(), product, placement, r.widthM(), r.heightM(), r.sides(), units,
                r.heightAboveGroundM());
    }

    @Test
    void indoorExactlyHalvesTheAmountBeforeRounding() {
        forAll((s, random) -> {
            BigDecimal outdoor = TaxCalculator.exactTax(with(s.reklame(), Placement.OUTDOOR, ProductCategory.GENERAL,
                    s.reklame().units()), s.period(), s.nsr());
            BigDecimal indoor = TaxCalculator.exactTax(with(s.reklame(), Placement.INDOOR, ProductCategory.GENERAL,
                    s.reklame().units()), s.period(), s.nsr());
            assertThat(indoor).isEqualByComparingTo(outdoor.multiply(new BigDecimal("0.5")));
        });
    }

    @Test
    void doublingTheUnitsDoublesTheAmountBeforeRounding() {
        forAll((s, random) -> {
            Reklame once = s.reklame();
            Reklame twice = with(once, once.placement(), once.productCategory(), once.units() * 2);
            assertThat(TaxCalculator.exactTax(twice, s.period(), s.nsr()))
                    .isEqualByComparingTo(TaxCalculator.exactTax(once, s.period(), s.nsr()).multiply(BigDecimal.TWO));
        });
    }

    @Test
    void theResultNeverDependsOnTheOrderOfMultiplication() {
        forAll((s, random) -> {
            var breakdown = TaxCalculator.compute(s.reklame(), s.period(), s.nsr());
            List<BigDecimal> factors = new ArrayList<>(List.of(BigDecimal.valueOf(s.nsr()), s.reklame().widthM(),
                    s.reklame().heightM(), BigDecimal.valueOf(s.reklame().sides()), BigDecimal.valueOf(s.reklame().units()),
                    BigDecimal.valueOf(breakdown.days()), TaxCalculator.RATE));
            breakdown.adjustments().forEach(a -> factors.add(a.factor()));
            Collections.shuffle(factors, random);
            BigDecimal product = factors.stream().reduce(BigDecimal.ONE, BigDecimal::multiply);
            assertThat(breakdown.tax()).isEqualTo(product.setScale(0, RoundingMode.HALF_UP).longValueExact());
        });
    }

    @Test
    void theTaxIsTheExactAmountRoundedHalfUpOnce() {
        forAll((s, random) -> {
            BigDecimal exact = TaxCalculator.exactTax(s.reklame(), s.period(), s.nsr());
            long tax = TaxCalculator.compute(s.reklame(), s.period(), s.nsr()).tax();
            BigDecimal error = BigDecimal.valueOf(tax).subtract(exact);
            assertThat(error).isGreaterThan(new BigDecimal("-0.5")).isLessThanOrEqualTo(new BigDecimal("0.5"));
            assertThat(tax).isPositive();
        });
    }

    @Test
    void theBreakdownAddsUp() {
        forAll((s, random) -> {
            var breakdown = TaxCalculator.compute(s.reklame(), s.period(), s.nsr());
            assertThat(breakdown.areaM2()).isEqualByComparingTo(s.reklame().widthM().multiply(s.reklame().heightM()));
            assertThat(breakdown.base()).isEqualByComparingTo(BigDecimal.valueOf(s.nsr()).multiply(breakdown.areaM2())
                    .multiply(BigDecimal.valueOf((long) s.reklame().sides() * s.reklame().units() * breakdown.days())));
            assertThat(breakdown.days()).isBetween(1L, 365L);
        });
    }

    @Test
    void aLongerPeriodNeverCostsLess() {
        forAll((s, random) -> {
            Period longer = new Period(s.period().startDate(), s.period().endDate().plusDays(1 + random.nextInt(30)));
            assertThat(TaxCalculator.compute(s.reklame(), longer, s.nsr()).tax())
                    .isGreaterThanOrEqualTo(TaxCalculator.compute(s.reklame(), s.period(), s.nsr()).tax());
        });
    }
}
