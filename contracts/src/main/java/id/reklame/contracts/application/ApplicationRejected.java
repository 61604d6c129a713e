package id.reklame.contracts.application;

import id.reklame.contracts.model.Reason;
import java.util.List;
import java.util.UUID;

/** Rules failed that no revision can fix; final. */
public record ApplicationRejected(UUID applicationId, List<Reason> reasons) implements ApplicationEvent {

    public ApplicationRejected {
        reasons = List.copyOf(reasons);
    }
}
