package id.reklame.contracts.application;

import java.util.UUID;

/**
 * An event on {@code reklame.applications.v1}: one ordered stream per application, written only by
 * reklame-command. The envelope (id, version, time) travels in CloudEvents headers.
 */
public sealed interface ApplicationEvent permits ApplicationSubmitted, ApplicationRevised, ApplicationWithdrawn,
        ApplicationAssessed, RevisionRequested, ApplicationRejected, PaymentReceived, PaymentRejected,
        PermitIssued, PermitExpired {

    UUID applicationId();
}
