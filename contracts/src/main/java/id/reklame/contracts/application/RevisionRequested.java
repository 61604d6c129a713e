package id.reklame.contracts.application;

import id.reklame.contracts.model.Reason;
import java.util.List;
import java.util.UUID;

/** Rules failed that the applicant can fix by revising. */
public record RevisionRequested(UUID applicationId, List<Reason> reasons) implements ApplicationEvent {

    public RevisionRequested {
        reasons = List.copyOf(reasons);
    }
}
