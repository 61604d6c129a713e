package id.reklame.contracts.decision;

import java.util.UUID;

public record PaymentRejectedDecision(UUID applicationId, long applicationVersion, String paymentReference,
                                      long amountDue, long amountPaid, long shortfall) implements PermitDecision {
}
