package id.reklame.worker.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * What an assessment costs on the day it is paid: the tax, plus interest of 1% of the tax for each
 * month or part of a month after the due date, at most 24 months (UU 1/2022 HKPD), rounded half-up.
 */
public final class AmountDue {

    public static final long MAX_MONTHS = 24;
    private static final BigDecimal MONTHLY_RATE = new BigDecimal("0.01");

    /** Started months between the due date and the day paid; 0 when paid on or before the due date. */
    public static long monthsLate(LocalDate dueDate, LocalDate paidOn) {
        if (!paidOn.isAfter(dueDate)) {
            return 0;
        }
        long whole = ChronoUnit.MONTHS.between(dueDate, paidOn);
        long started = dueDate.plusMonths(whole).isBefore(paidOn) ? whole + 1 : whole;
        return Math.min(started, MAX_MONTHS);
    }

    public static long on(LocalDate paidOn, long tax, LocalDate dueDate) {
        BigDecimal interest = BigDecimal.valueOf(tax).multiply(MONTHLY_RATE)
                .multiply(BigDecimal.valueOf(monthsLate(dueDate, paidOn)));
        return BigDecimal.valueOf(tax).add(interest).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private AmountDue() {
    }
}
