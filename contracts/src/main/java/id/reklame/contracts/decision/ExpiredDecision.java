package id.reklame.contracts.decision;

import java.time.LocalDate;
import java.util.UUID;

public record ExpiredDecision(UUID applicationId, long applicationVersion, LocalDate expiredOn)
        implements PermitDecision {
}
