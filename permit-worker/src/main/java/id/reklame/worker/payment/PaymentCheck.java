package id.reklame.worker.payment;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Judges a payment against an assessment. Payments add up: everything paid against the billing
 * code so far counts, and the amount due is the one on the day of the payment being judged.
 */
public final class PaymentCheck {

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    public sealed interface Judgement {
        long amountDue();

        long amountPaid();
    }

    public record Enough(long amountDue, long amountPaid) implements Judgement {
    }

    public record Short(long amountDue, long amountPaid, long shortfall) implements Judgement {
    }

    /** {@code earlier} are the payments judged before, all with references other than this one's. */
    public static Judgement judge(long tax, LocalDate dueDate, String billingCode, List<Payment> earlier,
                                  Payment payment) {
        long due = AmountDue.on(LocalDate.ofInstant(payment.paidAt(), JAKARTA), tax, dueDate);
        long paid = earlier.stream().filter(p -> p.billingCode().equals(billingCode)).mapToLong(Payment::amount).sum()
                + (payment.billingCode().equals(billingCode) ? payment.amount() : 0);
        return paid >= due ? new Enough(due, paid) : new Short(due, paid, due - paid);
    }

    private PaymentCheck() {
    }
}
