package id.reklame.worker.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AmountDueTest {

    private static final LocalDate DUE = LocalDate.of(2027, 2, 15);

    @Test
    void onOrBeforeTheDueDateNothingIsAdded() {
        assertThat(AmountDue.on(DUE, 7_500_000, DUE)).isEqualTo(7_500_000);
        assertThat(AmountDue.on(DUE.minusDays(20), 7_500_000, DUE)).isEqualTo(7_500_000);
    }

    @Test
    void aDayLateIsAWholeMonthOfInterest() {
        assertThat(AmountDue.monthsLate(DUE, DUE.plusDays(1))).isEqualTo(1);
        assertThat(AmountDue.on(DUE.plusDays(1), 7_500_000, DUE)).isEqualTo(7_575_000);
    }

    @Test
    void exactlyAMonthLateIsOneMonthAndADayMoreIsTwo() {
        assertThat(AmountDue.monthsLate(DUE, LocalDate.of(2027, 3, 15))).isEqualTo(1);
        assertThat(AmountDue.monthsLate(DUE, LocalDate.of(2027, 3, 16))).isEqualTo(2);
    }

    @Test
    void monthsAreCalendarMonthsEvenFromTheEndOfAMonth() {
        LocalDate endOfJanuary = LocalDate.of(2027, 1, 31);
        assertThat(AmountDue.monthsLate(endOfJanuary, LocalDate.of(2027, 2, 28))).isEqualTo(1);
        assertThat(AmountDue.monthsLate(endOfJanuary, LocalDate.of(2027, 3, 1))).isEqualTo(2);
    }

    @Test
    void interestStopsGrowingAfterTwentyFourMonths() {
        assertThat(AmountDue.monthsLate(DUE, DUE.plusMonths(24))).isEqualTo(24);
        assertThat(AmountDue.monthsLate(DUE, DUE.plusYears(10))).isEqualTo(24);
        assertThat(AmountDue.on(DUE.plusYears(10), 7_500_000, DUE)).isEqualTo(9_300_000);
    }

    @Test
    void interestIsRoundedHalfUpOnce() {
        // 1% of 50 is 0.5 → 51; 3% of 50 is 1.5 → 52
        assertThat(AmountDue.on(DUE.plusDays(1), 50, DUE)).isEqualTo(51);
        assertThat(AmountDue.on(DUE.plusMonths(2).plusDays(1), 50, DUE)).isEqualTo(52);
    }
}
