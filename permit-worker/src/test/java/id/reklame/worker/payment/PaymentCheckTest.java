package id.reklame.worker.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentCheckTest {

    private static final UUID APPLICATION = UUID.randomUUID();
    private static final LocalDate DUE = LocalDate.of(2027, 2, 15);
    private static final String BILLING = "357820270100000123";
    // 16:59 UTC on the 15th is 23:59 in Jakarta, still the due date; 17:00 UTC is the 16th there
    private static final Instant LAST_MINUTE = Instant.parse("2027-02-15T16:59:00Z");
    private static final Instant FIRST_MINUTE_LATE = Instant.parse("2027-02-15T17:00:00Z");

    private static Payment paid(String reference, long amount, Instant at) {
        return new Payment(APPLICATION, reference, BILLING, amount, at);
    }

    @Test
    void theTaxPaidOnTheDueDateInJakartaIsEnough() {
        assertThat(PaymentCheck.judge(7_500_000, DUE, BILLING, List.of(), paid("R1", 7_500_000, LAST_MINUTE)))
                .isEqualTo(new PaymentCheck.Enough(7_500_000, 7_500_000));
    }

    @Test
    void theTaxPaidJustAfterMidnightInJakartaFallsShortByAMonthOfInterest() {
        assertThat(PaymentCheck.judge(7_500_000, DUE, BILLING, List.of(), paid("R1", 7_500_000, FIRST_MINUTE_LATE)))
                .isEqualTo(new PaymentCheck.Short(7_575_000, 7_500_000, 75_000));
    }

    @Test
    void paymentsAddUpSoTheShortfallCanBePaidLater() {
        Payment first = paid("R1", 7_000_000, LAST_MINUTE.minusSeconds(86_400));
        Payment rest = paid("R2", 500_000, LAST_MINUTE);

        assertThat(PaymentCheck.judge(7_500_000, DUE, BILLING, List.of(), first))
                .isEqualTo(new PaymentCheck.Short(7_500_000, 7_000_000, 500_000));
        assertThat(PaymentCheck.judge(7_500_000, DUE, BILLING, List.of(first), rest))
                .isEqualTo(new PaymentCheck.Enough(7_500_000, 7_500_000));
    }

    @Test
    void aPaymentAgainstAnotherBillingCodeCountsForNothing() {
        Payment elsewhere = new Payment(APPLICATION, "R1", "357820270100000999", 7_500_000, LAST_MINUTE);
        assertThat(PaymentCheck.judge(7_500_000, DUE, BILLING, List.of(), elsewhere))
                .isEqualTo(new PaymentCheck.Short(7_500_000, 0, 7_500_000));
    }
}
