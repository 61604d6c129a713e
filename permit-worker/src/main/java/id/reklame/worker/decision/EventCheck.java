package id.reklame.worker.decision;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationRevised;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.platform.kafka.UndecodableEventException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * An event that parses but breaks the contract (a form outside the bounds of domain.md, a payment
 * without its reference) can never be decided on: it is treated like an unreadable one.
 */
@Component
class EventCheck {

    private final Validator validator;

    EventCheck(Validator validator) {
        this.validator = validator;
    }

    void requireValid(ReceivedEvent<ApplicationEvent> received) {
        ApplicationEvent event = received.data();
        if (event.applicationId() == null || !event.applicationId().toString().equals(received.metadata().subject())) {
            throw invalid(received, "its applicationId does not match its subject " + received.metadata().subject());
        }
        Set<? extends ConstraintViolation<?>> violations = switch (event) {
            case ApplicationSubmitted e -> validator.validate(e.form());
            case ApplicationRevised e -> validator.validate(e.form());
            default -> Set.of();
        };
        if (!violations.isEmpty()) {
            throw invalid(received, violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted().collect(Collectors.joining(", ")));
        }
        if (event instanceof PaymentReceived p && (p.reference() == null || p.billingCode() == null
                || p.paidAt() == null || p.amount() < 0)) {
            throw invalid(received, "a payment needs a reference, a billing code, paidAt and an amount of at least 0");
        }
    }

    private static UndecodableEventException invalid(ReceivedEvent<?> received, String why) {
        return new UndecodableEventException("event " + received.metadata().id() + " (" + received.metadata().type()
                + ") breaks the contract: " + why, null);
    }
}
