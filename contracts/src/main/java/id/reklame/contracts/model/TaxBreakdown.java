package id.reklame.contracts.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * How a tax amount was reached: {@code base = nsr × areaM2 × sides × units × days}, multiplied by
 * each adjustment, then 25% rounded half-up to whole rupiah.
 */
public record TaxBreakdown(
        long nsr,
        BigDecimal areaM2,
        long days,
        BigDecimal base,
        List<Adjustment> adjustments,
        long tax) {

    public TaxBreakdown {
        adjustments = List.copyOf(adjustments);
    }
}
