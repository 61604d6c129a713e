package id.reklame.contracts.decision;

import java.time.LocalDate;
import java.util.UUID;

public record PaymentAcceptedDecision(UUID applicationId, long applicationVersion, String paymentReference,
                                      String permitNumber, LocalDate validFrom, LocalDate validTo)
        implements PermitDecision {
}
