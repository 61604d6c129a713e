package id.reklame.query.view;

import id.reklame.contracts.application.*;
import id.reklame.contracts.model.Applicant;
import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reason;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.TaxAssessment;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What applicants and officers read about one application: everything submitted, and what became of it;
 * {@code owner} is the subject of the applicant that submitted it (null before owners were recorded).
 */
public record ApplicationView(
        UUID applicationId,
        String status,
        long version,
        Instant submittedAt,
        Instant updatedAt,
        Applicant applicant,
        Reklame reklame,
        Location location,
        Period period,
        TaxAssessment assessment,
        Reasons rejection,
        Reasons revision,
        List<Payment> payments,
        Permit permit,
        UUID renewalOf,
        String withdrawalReason,
        String owner) {

    public record Reasons(List<Reason> reasons) {
    }

    public record Payment(String reference, String billingCode, long amount, Instant paidAt, String outcome,
                          Long shortfall) {
    }

    public record Permit(String permitNumber, LocalDate validFrom, LocalDate validTo) {
    }

    /** The view after one more event; {@code current} is null for an application's first event. */
    public static ApplicationView apply(ApplicationView current, ApplicationEvent event, long version, Instant at) {
        if (event instanceof ApplicationSubmitted e) {
            return new ApplicationView(e.applicationId(), "SUBMITTED", version, at, at, e.applicant(), e.reklame(),
                    e.location(), e.period(), null, null, null, List.of(), null, e.renewalOf(), null, e.owner());
        }
        if (current == null) {
            throw new IllegalArgumentException("the first event of an application must be ApplicationSubmitted");
        }
        Builder v = new Builder(current, version, at);
        switch (event) {
            case ApplicationSubmitted e -> throw new IllegalStateException("handled above");
            case ApplicationRevised e -> {
                v.status = "SUBMITTED";
                v.applicant = e.applicant();
                v.reklame = e.reklame();
                v.location = e.location();
                v.period = e.period();
                v.assessment = null;
                v.revision = null;
            }
            case ApplicationWithdrawn e -> {
                v.status = "WITHDRAWN";
                v.withdrawalReason = e.reason();
            }
            case ApplicationAssessed e -> {
                v.status = "ASSESSED";
                v.assessment = e.assessment();
            }
            case RevisionRequested e -> {
                v.status = "REVISION_REQUIRED";
                v.revision = new Reasons(e.reasons());
            }
            case ApplicationRejected e -> {
                v.status = "REJECTED";
                v.rejection = new Reasons(e.reasons());
            }
            case PaymentReceived e -> v.payments.add(
                    new Payment(e.reference(), e.billingCode(), e.amount(), e.paidAt(), "RECEIVED", null));
            case PaymentRejected e -> {
                v.status = "PAYMENT_REJECTED";
                v.payments.replaceAll(p -> p.reference().equals(e.reference())
                        ? new Payment(p.reference(), p.billingCode(), p.amount(), p.paidAt(), "REJECTED", e.shortfall())
                        : p);
            }
            case PermitIssued e -> {
                v.status = "ISSUED";
                v.permit = new Permit(e.permitNumber(), e.validFrom(), e.validTo());
                v.payments.replaceAll(p -> "RECEIVED".equals(p.outcome())
                        ? new Payment(p.reference(), p.billingCode(), p.amount(), p.paidAt(), "ACCEPTED", null)
                        : p);
            }
            case PermitExpired e -> v.status = "EXPIRED";
        }
        return v.build();
    }

    private static final class Builder {
        private final ApplicationView from;
        private final long version;
        private final Instant at;
        String status;
        Applicant applicant;
        Reklame reklame;
        Location location;
        Period period;
        TaxAssessment assessment;
        Reasons rejection;
        Reasons revision;
        final List<Payment> payments;
        Permit permit;
        String withdrawalReason;

        Builder(ApplicationView from, long version, Instant at) {
            this.from = from;
            this.version = version;
            this.at = at;
            status = from.status;
            applicant = from.applicant;
            reklame = from.reklame;
            location = from.location;
            period = from.period;
            assessment = from.assessment;
            rejection = from.rejection;
            revision = from.revision;
            payments = new ArrayList<>(from.payments == null ? List.of() : from.payments);
            permit = from.permit;
            withdrawalReason = from.withdrawalReason;
        }

        ApplicationView build() {
            return new ApplicationView(from.applicationId, status, version, from.submittedAt, at, applicant, reklame,
                    location, period, assessment, rejection, revision, List.copyOf(payments), permit, from.renewalOf,
                    withdrawalReason, from.owner);
        }
    }
}
