package id.reklame.query.history;

import id.reklame.contracts.application.*;
import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reason;
import id.reklame.contracts.model.Reklame;
import java.util.List;
import java.util.stream.Collectors;

/** The one line an application's timeline shows for each event. */
public final class EventSummary {

    /** The event's name as the published contract spells it, e.g. {@code ApplicationAssessed}. */
    public static String typeOf(ApplicationEvent event) {
        return event.getClass().getSimpleName();
    }

    public static String of(ApplicationEvent event) {
        return switch (event) {
            case ApplicationSubmitted e -> "Submitted: " + describe(e.reklame(), e.location(), e.period())
                    + (e.renewalOf() == null ? "" : ", renewing " + e.renewalOf());
            case ApplicationRevised e -> "Revised: " + describe(e.reklame(), e.location(), e.period());
            case ApplicationWithdrawn e -> "Withdrawn" + (e.reason() == null || e.reason().isBlank() ? "" : ": " + e.reason());
            case ApplicationAssessed e -> "Assessed: tax " + rupiah(e.assessment().tax()) + ", SKPD "
                    + e.assessment().skpdNumber() + ", billing code " + e.assessment().billingCode() + ", due "
                    + e.assessment().dueDate();
            case RevisionRequested e -> "Revision requested: " + codes(e.reasons());
            case ApplicationRejected e -> "Rejected: " + codes(e.reasons());
            case PaymentReceived e -> "Payment received: " + rupiah(e.amount()) + ", reference " + e.reference();
            case PaymentRejected e -> "Payment rejected: " + rupiah(e.amountPaid()) + " of " + rupiah(e.amountDue())
                    + " due, short by " + rupiah(e.shortfall()) + ", reference " + e.reference();
            case PermitIssued e -> "Permit issued: " + e.permitNumber() + ", valid " + e.validFrom() + " to " + e.validTo();
            case PermitExpired e -> "Permit expired on " + e.expiredOn();
        };
    }

    private static String describe(Reklame reklame, Location location, Period period) {
        return reklame.type() + " " + reklame.widthM().stripTrailingZeros().toPlainString() + " × "
                + reklame.heightM().stripTrailingZeros().toPlainString() + " m, " + reklame.sides() + " side(s), "
                + reklame.units() + " unit(s) at " + location.address() + ", " + location.district() + " ("
                + location.roadClass() + "), " + period.startDate() + " to " + period.endDate();
    }

    private static String codes(List<Reason> reasons) {
        return reasons.stream().map(Reason::code).collect(Collectors.joining(", "));
    }

    /** The grouping the published examples use (Rp7,500,000), whatever the machine's locale. */
    static String rupiah(long amount) {
        String digits = Long.toString(Math.abs(amount));
        StringBuilder grouped = new StringBuilder(digits.length() + 8).append(amount < 0 ? "-Rp" : "Rp");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(digits.charAt(i));
        }
        return grouped.toString();
    }

    private EventSummary() {
    }
}
