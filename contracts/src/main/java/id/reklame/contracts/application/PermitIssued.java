package id.reklame.contracts.application;

import java.time.LocalDate;
import java.util.UUID;

/** Paid in full: the permit (izin reklame) is issued for the application's period. */
public record PermitIssued(UUID applicationId, String permitNumber, LocalDate validFrom,
                           LocalDate validTo) implements ApplicationEvent {
}
