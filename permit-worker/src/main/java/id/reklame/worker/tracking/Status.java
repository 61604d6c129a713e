package id.reklame.worker.tracking;

/** An application's status as the worker has seen it. */
public enum Status {
    SUBMITTED, REVISION_REQUIRED, REJECTED, WITHDRAWN, ASSESSED, PAYMENT_REJECTED, ISSUED, EXPIRED;

    /** Assessed (payable) or issued: the advertisement holds its site. */
    public boolean holdsSite() {
        return this == ASSESSED || this == PAYMENT_REJECTED || this == ISSUED;
    }

    public boolean payable() {
        return this == ASSESSED || this == PAYMENT_REJECTED;
    }
}
