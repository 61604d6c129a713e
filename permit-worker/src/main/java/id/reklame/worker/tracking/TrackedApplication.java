package id.reklame.worker.tracking;

import id.reklame.contracts.application.*;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.TaxAssessment;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.worker.placement.Occupant;
import id.reklame.worker.placement.Site;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/**
 * What the worker knows of one application, folded from its events. {@code version} is the
 * {@code ce_sequence} of the last event applied; fields the events have not told yet are null.
 */
public record TrackedApplication(UUID id, long version, Status status, LocalDate submittedOn, Site site,
                                 LocalDate startDate, LocalDate endDate, Long tax, LocalDate dueDate,
                                 String billingCode, boolean expiryDecided) {

    public static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    /** Before its first event: nothing known. */
    public static TrackedApplication unknown(UUID id) {
        return new TrackedApplication(id, 0, null, null, null, null, null, null, null, null, false);
    }

    /** True when an event of this version has been applied already, or a later one. */
    public boolean hasSeen(long eventVersion) {
        return version >= eventVersion;
    }

    /** This application after the event; an event it has seen already (a redelivery, a replay) changes nothing. */
    public TrackedApplication apply(EventMetadata metadata, ApplicationEvent event) {
        if (hasSeen(metadata.sequence())) {
            return this;
        }
        var next = switch (event) {
            case ApplicationSubmitted e -> withForm(e.form(), LocalDate.ofInstant(metadata.time(), JAKARTA));
            case ApplicationRevised e -> withForm(e.form(), submittedOn == null
                    ? LocalDate.ofInstant(metadata.time(), JAKARTA) : submittedOn);
            case ApplicationWithdrawn e -> withStatus(Status.WITHDRAWN);
            case ApplicationAssessed e -> assessed(e.assessment());
            case RevisionRequested e -> withStatus(Status.REVISION_REQUIRED);
            case ApplicationRejected e -> withStatus(Status.REJECTED);
            case PaymentReceived e -> this; // judged by the worker; the status changes with the decision
            case PaymentRejected e -> withStatus(Status.PAYMENT_REJECTED);
            case PermitIssued e -> new TrackedApplication(id, version, Status.ISSUED, submittedOn, site, e.validFrom(),
                    e.validTo(), tax, dueDate, billingCode, expiryDecided);
            case PermitExpired e -> withStatus(Status.EXPIRED);
        };
        return next.atVersion(metadata.sequence());
    }

    /** The worker has just decided ASSESSED: the site counts as held at once, before the numbers are known. */
    public TrackedApplication claimSite() {
        return withStatus(Status.ASSESSED);
    }

    /** The worker's own ASSESSED (or the command side's echo of it). */
    public TrackedApplication assessed(TaxAssessment assessment) {
        return new TrackedApplication(id, version, Status.ASSESSED, submittedOn, site, startDate, endDate,
                assessment.tax(), assessment.dueDate(), assessment.billingCode(), expiryDecided);
    }

    public TrackedApplication withExpiryDecided() {
        return new TrackedApplication(id, version, status, submittedOn, site, startDate, endDate, tax, dueDate,
                billingCode, true);
    }

    /** As a holder of its site, when it is one and its site and period are known. */
    public boolean holdsSite() {
        return status != null && status.holdsSite() && site != null && startDate != null && endDate != null;
    }

    public Occupant asOccupant() {
        return new Occupant(id, site, startDate, endDate);
    }

    private TrackedApplication withForm(ApplicationForm form, LocalDate submittedOn) {
        return new TrackedApplication(id, version, Status.SUBMITTED, submittedOn,
                Site.of(form.location().latitude(), form.location().longitude()), form.period().startDate(),
                form.period().endDate(), null, null, null, false);
    }

    private TrackedApplication withStatus(Status newStatus) {
        return new TrackedApplication(id, version, newStatus, submittedOn, site, startDate, endDate, tax, dueDate,
                billingCode, expiryDecided);
    }

    private TrackedApplication atVersion(long newVersion) {
        return new TrackedApplication(id, newVersion, status, submittedOn, site, startDate, endDate, tax, dueDate,
                billingCode, expiryDecided);
    }
}
