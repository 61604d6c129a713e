package id.reklame.contracts.application;

import java.util.UUID;

public record ApplicationWithdrawn(UUID applicationId, String reason) implements ApplicationEvent {
}
