package id.reklame.worker.decision;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationRevised;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.platform.kafka.UndecodableEventException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reklame;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * An event that parses but breaks the contract (a form outside the bounds of domain.md, a payment
 * without its reference) can never be decided on: it is treated like an unreadable one. Only what the
 * worker decides on is checked (the applicant's particulars play no part in a decision, and checking
 * them would cost a sixth of the worker's time).
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
        Set<ConstraintViolation<?>> violations = switch (event) {
            case ApplicationSubmitted e -> decidedOn(received, e.reklame(), e.location(), e.period());
            case ApplicationRevised e -> decidedOn(received, e.reklame(), e.location(), e.period());
            default -> Set.of();
        };
        if (!violations.isEmpty()) {
            throw invalid(received, violations.stream()
                    .map(v -> v.getRootBeanClass().getSimpleName().toLowerCase() + "." + v.getPropertyPath() + " " + v.getMessage())
                    .sorted().collect(Collectors.joining(", ")));
        }
        if (event instanceof PaymentReceived p && (p.reference() == null || p.billingCode() == null
                || p.paidAt() == null || p.amount() < 0)) {
            throw invalid(received, "a payment needs a reference, a billing code, paidAt and an amount of at least 0");
        }
    }

    private Set<ConstraintViolation<?>> decidedOn(ReceivedEvent<?> received, Reklame reklame, Location location,
                                                  Period period) {
        if (reklame == null || location == null || period == null) {
            throw invalid(received, "the form lacks its reklame, location or period");
        }
        Set<ConstraintViolation<?>> violations = new HashSet<>();
        violations.addAll(validator.validate(reklame));
        violations.addAll(validator.validate(location));
        violations.addAll(validator.validate(period));
        return violations;
    }

    private static UndecodableEventException invalid(ReceivedEvent<?> received, String why) {
        return new UndecodableEventException("event " + received.metadata().id() + " (" + received.metadata().type()
                + ") breaks the contract: " + why, null);
    }
}
