package id.reklame.worker.placement;

import id.reklame.contracts.model.Reason;

/** A failed placement rule: its stable code, whether a revision can fix it, and why, readably. */
public record Violation(String code, Outcome outcome, String message) {

    /** What a failed rule leads to; REJECTED wins over REVISION_REQUIRED. */
    public enum Outcome {
        REJECTED, REVISION_REQUIRED
    }

    public Reason reason() {
        return new Reason(code, message);
    }
}
