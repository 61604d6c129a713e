package id.reklame.contracts.application;

import java.util.UUID;

/** A payment fell short of the amount due; the application stays payable. */
public record PaymentRejected(UUID applicationId, String reference, long amountDue, long amountPaid,
                              long shortfall) implements ApplicationEvent {
}
