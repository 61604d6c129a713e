package id.reklame.contracts.decision;

import id.reklame.contracts.model.TaxAssessment;
import java.util.UUID;

public record AssessedDecision(UUID applicationId, long applicationVersion, TaxAssessment assessment)
        implements PermitDecision {
}
