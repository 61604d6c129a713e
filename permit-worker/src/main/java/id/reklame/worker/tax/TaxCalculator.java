package id.reklame.worker.tax;

import id.reklame.contracts.model.Adjustment;
import id.reklame.contracts.model.Placement;
import id.reklame.contracts.model.ProductCategory;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.TaxBreakdown;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Pajak reklame under the NSR flat-rate model: 25% of
 * {@code nsr × area × sides × units × days}, times each adjustment, in exact decimals, rounded
 * half-up to whole rupiah once, at the end.
 */
public final class TaxCalculator {

    static final BigDecimal RATE = new BigDecimal("0.25");
    static final Adjustment INDOOR = new Adjustment("INDOOR", new BigDecimal("0.50"));
    static final Adjustment RESTRICTED_PRODUCT = new Adjustment("RESTRICTED_PRODUCT", new BigDecimal("1.50"));
    static final Adjustment ELEVATED = new Adjustment("ELEVATED", new BigDecimal("1.20"));
    private static final BigDecimal ELEVATED_ABOVE_M = new BigDecimal("15");

    public static TaxBreakdown compute(Reklame reklame, Period period, long nsr) {
        BigDecimal areaM2 = reklame.widthM().multiply(reklame.heightM());
        long days = days(period);
        BigDecimal base = base(reklame, days, nsr);
        List<Adjustment> adjustments = adjustments(reklame);
        long tax = exactTax(base, adjustments).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return new TaxBreakdown(nsr, plain(areaM2), days, plain(base), adjustments, tax);
    }

    /** The tax before its one rounding. */
    static BigDecimal exactTax(Reklame reklame, Period period, long nsr) {
        return exactTax(base(reklame, days(period), nsr), adjustments(reklame));
    }

    private static BigDecimal exactTax(BigDecimal base, List<Adjustment> adjustments) {
        BigDecimal adjusted = base;
        for (Adjustment adjustment : adjustments) {
            adjusted = adjusted.multiply(adjustment.factor());
        }
        return adjusted.multiply(RATE);
    }

    private static long days(Period period) {
        return ChronoUnit.DAYS.between(period.startDate(), period.endDate()) + 1;
    }

    private static BigDecimal base(Reklame reklame, long days, long nsr) {
        return BigDecimal.valueOf(nsr).multiply(reklame.widthM()).multiply(reklame.heightM())
                .multiply(BigDecimal.valueOf(reklame.sides()))
                .multiply(BigDecimal.valueOf(reklame.units()))
                .multiply(BigDecimal.valueOf(days));
    }

    private static List<Adjustment> adjustments(Reklame reklame) {
        List<Adjustment> adjustments = new ArrayList<>();
        if (reklame.placement() == Placement.INDOOR) {
            adjustments.add(INDOOR);
        }
        if (reklame.productCategory() != ProductCategory.GENERAL) {
            adjustments.add(RESTRICTED_PRODUCT);
        }
        if (reklame.heightAboveGroundM() != null && reklame.heightAboveGroundM().compareTo(ELEVATED_ABOVE_M) > 0) {
            adjustments.add(ELEVATED);
        }
        return adjustments;
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private TaxCalculator() {
    }
}
