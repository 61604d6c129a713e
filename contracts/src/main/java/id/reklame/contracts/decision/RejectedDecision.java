package id.reklame.contracts.decision;

import id.reklame.contracts.model.Reason;
import java.util.List;
import java.util.UUID;

public record RejectedDecision(UUID applicationId, long applicationVersion, List<Reason> reasons)
        implements PermitDecision {

    public RejectedDecision {
        reasons = List.copyOf(reasons);
    }
}
