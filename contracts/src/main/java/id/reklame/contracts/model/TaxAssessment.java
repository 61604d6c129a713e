package id.reklame.contracts.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** An SKPD: a tax breakdown with the numbers and dates the city assigned to it. */
public record TaxAssessment(
        long nsr,
        BigDecimal areaM2,
        long days,
        BigDecimal base,
        List<Adjustment> adjustments,
        long tax,
        String skpdNumber,
        String billingCode,
        LocalDate assessedOn,
        LocalDate dueDate) {

    public TaxAssessment {
        adjustments = List.copyOf(adjustments);
    }

    public static TaxAssessment of(TaxBreakdown breakdown, String skpdNumber, String billingCode,
                                   LocalDate assessedOn, LocalDate dueDate) {
        return new TaxAssessment(breakdown.nsr(), breakdown.areaM2(), breakdown.days(), breakdown.base(),
                breakdown.adjustments(), breakdown.tax(), skpdNumber, billingCode, assessedOn, dueDate);
    }
}
