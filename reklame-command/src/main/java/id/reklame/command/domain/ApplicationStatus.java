package id.reklame.command.domain;

public enum ApplicationStatus {
    SUBMITTED, ASSESSED, REVISION_REQUIRED, REJECTED, PAYMENT_REJECTED, ISSUED, EXPIRED, WITHDRAWN
}
