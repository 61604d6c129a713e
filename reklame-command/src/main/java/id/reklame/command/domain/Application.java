package id.reklame.command.domain;

import static id.reklame.command.domain.ApplicationStatus.*;

import id.reklame.command.domain.Outcome.Refusal;
import id.reklame.contracts.application.*;
import id.reklame.contracts.decision.*;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.Period;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The Application aggregate: its state is the fold of its events, and its methods return the event a
 * command or decision causes (or why it causes none) without changing anything themselves.
 */
public final class Application {

    /** A permit may be renewed from this many days before its end date. */
    public static final int RENEWAL_WINDOW_DAYS = 30;

    private static final Set<ApplicationStatus> REVISABLE = Set.of(SUBMITTED, REVISION_REQUIRED);
    private static final Set<ApplicationStatus> WITHDRAWABLE = Set.of(SUBMITTED, ASSESSED, REVISION_REQUIRED, PAYMENT_REJECTED);
    private static final Set<ApplicationStatus> PAYABLE = Set.of(ASSESSED, PAYMENT_REJECTED);

    private final UUID id;
    private long version;
    private ApplicationStatus status;
    private ApplicationForm form;
    private String billingCode;
    private LocalDate permitValidTo;
    private String owner;
    private final Set<String> paymentReferences = new HashSet<>();

    private Application(UUID id) {
        this.id = id;
    }

    /** A new application, owned by the applicant (its token's subject) that submits it. */
    public static ApplicationSubmitted submit(UUID id, ApplicationForm form, String owner) {
        return ApplicationSubmitted.of(id, form, owner);
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

    /** The applicant replaces the content; allowed until a decision other than "revise" was made. */
    public Outcome revise(ApplicationForm revised) {
        return when(REVISABLE, new ApplicationRevised(id, revised.applicant(), revised.reklame(), revised.location(),
                revised.period()));
    }

    /** Allowed in any state before ISSUED that is not already final. */
    public Outcome withdraw(String reason) {
        return when(WITHDRAWABLE, new ApplicationWithdrawn(id, reason));
    }

    /** Records a payment for the worker to judge; a reference already recorded changes nothing. */
    public Outcome recordPayment(Payment payment) {
        if (paymentReferences.contains(payment.reference())) {
            return new Outcome.Unchanged("payment " + payment.reference() + " is already recorded");
        }
        if (!PAYABLE.contains(status)) {
            return wrongStatus("a payment");
        }
        if (!payment.billingCode().equals(billingCode)) {
            return new Outcome.Refused(Refusal.WRONG_BILLING_CODE,
                    "billing code " + payment.billingCode() + " is not this application's");
        }
        return new Outcome.Accepted(new PaymentReceived(id, payment.billingCode(), payment.amount(), payment.paidAt(),
                payment.reference()));
    }

    /**
     * A renewal of an issued permit, allowed from {@value #RENEWAL_WINDOW_DAYS} days before its end date
     * until it expires: a new application for the same reklame and location whose period, of the same
     * length, starts the day after the old one ends.
     */
    public Outcome renew(UUID renewalId, LocalDate today) {
        if (status != ISSUED) {
            return wrongStatus("a renewal");
        }
        LocalDate endDate = permitValidTo != null ? permitValidTo : form.period().endDate();
        if (today.isBefore(endDate.minusDays(RENEWAL_WINDOW_DAYS)) || today.isAfter(endDate)) {
            return new Outcome.Refused(Refusal.OUTSIDE_RENEWAL_WINDOW, "the permit ending " + endDate
                    + " can be renewed from " + endDate.minusDays(RENEWAL_WINDOW_DAYS) + " until " + endDate);
        }
        long days = ChronoUnit.DAYS.between(form.period().startDate(), form.period().endDate()) + 1;
        Period next = new Period(endDate.plusDays(1), endDate.plusDays(days));
        return new Outcome.Accepted(new ApplicationSubmitted(renewalId, form.applicant(), form.reklame(),
                form.location(), next, id, owner));
    }

    /** A worker decision becomes an event only if it was made on the current version and still fits. */
    public Outcome decide(PermitDecision decision) {
        if (decision.applicationVersion() != version) {
            return new Outcome.Refused(Refusal.STALE,
                    "made on version " + decision.applicationVersion() + ", current is " + version);
        }
        return switch (decision) {
            case AssessedDecision d -> when(Set.of(SUBMITTED), new ApplicationAssessed(id, d.assessment()));
            case RevisionRequiredDecision d -> when(Set.of(SUBMITTED), new RevisionRequested(id, d.reasons()));
            case RejectedDecision d -> when(Set.of(SUBMITTED), new ApplicationRejected(id, d.reasons()));
            case PaymentAcceptedDecision d -> when(PAYABLE,
                    new PermitIssued(id, d.permitNumber(), d.validFrom(), d.validTo()));
            case PaymentRejectedDecision d -> when(PAYABLE,
                    new PaymentRejected(id, d.paymentReference(), d.amountDue(), d.amountPaid(), d.shortfall()));
            case ExpiredDecision d -> when(Set.of(ISSUED), new PermitExpired(id, d.expiredOn()));
        };
    }

    private Outcome when(Set<ApplicationStatus> allowed, ApplicationEvent event) {
        return allowed.contains(status) ? new Outcome.Accepted(event) : wrongStatus(event.getClass().getSimpleName());
    }

    private Outcome wrongStatus(String what) {
        return new Outcome.Refused(Refusal.WRONG_STATUS, what + " is not allowed in status " + status);
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
                owner = e.owner();
            }
            case ApplicationRevised e -> {
                status = SUBMITTED;
                form = e.form();
                billingCode = null;
            }
            case ApplicationWithdrawn e -> status = WITHDRAWN;
            case ApplicationAssessed e -> {
                status = ASSESSED;
                billingCode = e.assessment().billingCode();
            }
            case RevisionRequested e -> status = REVISION_REQUIRED;
            case ApplicationRejected e -> status = REJECTED;
            case PaymentReceived e -> paymentReferences.add(e.reference()); // the worker's decision changes the status
            case PaymentRejected e -> status = PAYMENT_REJECTED;
            case PermitIssued e -> {
                status = ISSUED;
                permitValidTo = e.validTo();
            }
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

    /** The subject of the applicant that submitted it; null for applications submitted before owners were recorded. */
    public String owner() {
        return owner;
    }
}
