package id.reklame.command.domain;

import static id.reklame.command.domain.ApplicationStatus.*;

import id.reklame.contracts.application.*;
import id.reklame.contracts.decision.*;
import id.reklame.contracts.model.ApplicationForm;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The Application aggregate: its state is the fold of its events, and its methods return the event a
 * command or decision causes (or why it causes none) without changing anything themselves.
 */
public final class Application {

    private final UUID id;
    private long version;
    private ApplicationStatus status;
    private ApplicationForm form;

    private Application(UUID id) {
        this.id = id;
    }

    public static ApplicationSubmitted submit(UUID id, ApplicationForm form) {
        return ApplicationSubmitted.of(id, form);
    }

    /** Rebuilds an application from its stream, oldest event first. */
    public static Application replay(List<ApplicationEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an application has at least one event");
        }
        Application application = new Application(events.getFirst().applicationId());
        events.forEach(application::apply);
        return application;
    }

    /** A worker decision becomes an event only if it was made on the current version and still fits. */
    public Outcome decide(PermitDecision decision) {
        if (decision.applicationVersion() != version) {
            return new Outcome.Refused("made on version " + decision.applicationVersion() + ", current is " + version);
        }
        return switch (decision) {
            case AssessedDecision d -> when(Set.of(SUBMITTED), new ApplicationAssessed(id, d.assessment()));
            case RevisionRequiredDecision d -> when(Set.of(SUBMITTED), new RevisionRequested(id, d.reasons()));
            case RejectedDecision d -> when(Set.of(SUBMITTED), new ApplicationRejected(id, d.reasons()));
            case PaymentAcceptedDecision d -> when(Set.of(ASSESSED, PAYMENT_REJECTED),
                    new PermitIssued(id, d.permitNumber(), d.validFrom(), d.validTo()));
            case PaymentRejectedDecision d -> when(Set.of(ASSESSED, PAYMENT_REJECTED),
                    new PaymentRejected(id, d.paymentReference(), d.amountDue(), d.amountPaid(), d.shortfall()));
            case ExpiredDecision d -> when(Set.of(ISSUED), new PermitExpired(id, d.expiredOn()));
        };
    }

    private Outcome when(Set<ApplicationStatus> allowed, ApplicationEvent event) {
        return allowed.contains(status)
                ? new Outcome.Accepted(event)
                : new Outcome.Refused(event.getClass().getSimpleName() + " does not apply in status " + status);
    }

    private void apply(ApplicationEvent event) {
        if (!event.applicationId().equals(id)) {
            throw new IllegalArgumentException("event of " + event.applicationId() + " in the stream of " + id);
        }
        version++;
        switch (event) {
            case ApplicationSubmitted e -> {
                status = SUBMITTED;
                form = e.form();
            }
            case ApplicationRevised e -> {
                status = SUBMITTED;
                form = e.form();
            }
            case ApplicationWithdrawn e -> status = WITHDRAWN;
            case ApplicationAssessed e -> status = ASSESSED;
            case RevisionRequested e -> status = REVISION_REQUIRED;
            case ApplicationRejected e -> status = REJECTED;
            case PaymentReceived e -> { /* the worker judges it; the status changes with its decision */ }
            case PaymentRejected e -> status = PAYMENT_REJECTED;
            case PermitIssued e -> status = ISSUED;
            case PermitExpired e -> status = EXPIRED;
        }
    }

    public UUID id() {
        return id;
    }

    public long version() {
        return version;
    }

    public ApplicationStatus status() {
        return status;
    }

    public ApplicationForm form() {
        return form;
    }
}
