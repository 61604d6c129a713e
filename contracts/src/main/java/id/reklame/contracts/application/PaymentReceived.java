package id.reklame.contracts.application;

import java.time.Instant;
import java.util.UUID;

/** A payment was recorded against the billing code; the worker judges whether it suffices. */
public record PaymentReceived(UUID applicationId, String billingCode, long amount, Instant paidAt,
                              String reference) implements ApplicationEvent {
}
