package id.reklame.contracts.application;

import java.time.LocalDate;
import java.util.UUID;

public record PermitExpired(UUID applicationId, LocalDate expiredOn) implements ApplicationEvent {
}
