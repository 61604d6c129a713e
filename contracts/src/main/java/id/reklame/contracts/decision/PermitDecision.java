package id.reklame.contracts.decision;

import java.util.UUID;

/**
 * A decision on {@code reklame.permit-decisions.v1}, written only by permit-worker. Each names the
 * application version it was made on; reklame-command drops it if that version is no longer current.
 */
public sealed interface PermitDecision permits AssessedDecision, RevisionRequiredDecision, RejectedDecision,
        PaymentAcceptedDecision, PaymentRejectedDecision, ExpiredDecision {

    UUID applicationId();

    long applicationVersion();
}
