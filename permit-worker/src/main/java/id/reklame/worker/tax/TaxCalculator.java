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
        long days = ChronoUnit.DAYS.between(period.startDate(), period.endDate()) + 1;
        BigDecimal base = BigDecimal.valueOf(nsr).multiply(areaM2)
                .multiply(BigDecimal.valueOf(reklame.sides()))
                .multiply(BigDecimal.valueOf(reklame.units()))
                .multiply(BigDecimal.valueOf(days));

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
        BigDecimal adjusted = base;
        for (Adjustment adjustment : adjustments) {
            adjusted = adjusted.multiply(adjustment.factor());
        }
        long tax = adjusted.multiply(RATE).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return new TaxBreakdown(nsr, plain(areaM2), days, plain(base), adjustments, tax);
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private TaxCalculator() {
    }
}
