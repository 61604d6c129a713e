package id.reklame.contracts.application;

import id.reklame.contracts.model.TaxAssessment;
import java.util.UUID;

/** The worker assessed the tax (an SKPD was issued); the application is payable. */
public record ApplicationAssessed(UUID applicationId, TaxAssessment assessment) implements ApplicationEvent {
}
