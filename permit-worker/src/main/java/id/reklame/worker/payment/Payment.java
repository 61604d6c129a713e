package id.reklame.worker.payment;

import java.time.Instant;
import java.util.UUID;

/** A payment received against an application's billing code, known by its unique reference. */
public record Payment(UUID applicationId, String reference, String billingCode, long amount, Instant paidAt) {
}
