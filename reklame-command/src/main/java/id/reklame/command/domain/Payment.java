package id.reklame.command.domain;

import java.time.Instant;

/** A payment the applicant made against an application's billing code; {@code reference} identifies it. */
public record Payment(String billingCode, long amount, Instant paidAt, String reference) {
}
