package id.reklame.bench.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The tax and the amount due, computed again from domain.md by the suite itself (its own copy of the
 * default tariff), so a wrong tax in the view cannot hide behind the same code that made it.
 */
final class Tax {

    static final List<String> ROAD_CLASSES = List.of("PROTOCOL", "ARTERIAL", "COLLECTOR", "LOCAL");

    /** Rp per m² per day, in the order of {@link #ROAD_CLASSES}; every tariff is effective since before any start date. */
    private static final Map<String, long[]> TARIFF = Map.of(
            "BILLBOARD", new long[] {125_000, 90_000, 60_000, 30_000},
            "BALIHO", new long[] {125_000, 90_000, 60_000, 30_000},
            "VIDEOTRON", new long[] {200_000, 150_000, 100_000, 50_000},
            "NEON_BOX", new long[] {50_000, 35_000, 25_000, 15_000},
            "SPANDUK", new long[] {30_000, 25_000, 20_000, 19_000},
            "STIKER", new long[] {15_000, 12_000, 10_000, 8_000});

    /** The largest face per road class, m² (SIZE_EXCEEDED above it). */
    static final Map<String, Integer> FACE_LIMIT = Map.of("PROTOCOL", 48, "ARTERIAL", 32, "COLLECTOR", 24, "LOCAL", 12);

    static long of(Form form) {
        BigDecimal area = form.widthM().multiply(form.heightM());
        long days = ChronoUnit.DAYS.between(form.startDate(), form.endDate()) + 1;
        long nsr = TARIFF.get(form.type())[ROAD_CLASSES.indexOf(form.roadClass())];
        BigDecimal adjusted = BigDecimal.valueOf(nsr).multiply(area).multiply(BigDecimal.valueOf(form.sides()))
                .multiply(BigDecimal.valueOf(form.units())).multiply(BigDecimal.valueOf(days));
        if (form.placement().equals("INDOOR")) {
            adjusted = adjusted.multiply(new BigDecimal("0.50"));
        }
        if (!form.productCategory().equals("GENERAL")) {
            adjusted = adjusted.multiply(new BigDecimal("1.50"));
        }
        if (form.heightAboveGroundM() != null && form.heightAboveGroundM().compareTo(BigDecimal.valueOf(15)) > 0) {
            adjusted = adjusted.multiply(new BigDecimal("1.20"));
        }
        return adjusted.multiply(new BigDecimal("0.25")).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Tax plus 1% of it for every month or part of a month after the due date (at most 24), rounded half-up. */
    static long dueOn(LocalDate paidOn, long tax, LocalDate dueDate) {
        long months = 0;
        while (months < 24 && dueDate.plusMonths(months).isBefore(paidOn)) {
            months++;
        }
        return BigDecimal.valueOf(tax).multiply(BigDecimal.ONE.add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(months))))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private Tax() {
    }
}
