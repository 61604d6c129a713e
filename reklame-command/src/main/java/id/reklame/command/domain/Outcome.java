package id.reklame.command.domain;

import id.reklame.contracts.application.ApplicationEvent;

/** What a command or decision does to an application: the event it causes, nothing, or why it is refused. */
public sealed interface Outcome {

    /** The command or decision holds: this event records it. */
    record Accepted(ApplicationEvent event) implements Outcome {
    }

    /** It already happened (a repeated payment reference): nothing more to record. */
    record Unchanged(String reason) implements Outcome {
    }

    record Refused(Refusal refusal, String reason) implements Outcome {
    }

    enum Refusal {
        /** A decision made on a version that is no longer current. */
        STALE,
        /** Not allowed in the application's current status. */
        WRONG_STATUS,
        /** A renewal outside the window from 30 days before the permit's end until it expires. */
        OUTSIDE_RENEWAL_WINDOW,
        /** A payment against a billing code that is not the application's. */
        WRONG_BILLING_CODE
    }
}
