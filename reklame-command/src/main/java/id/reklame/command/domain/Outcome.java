package id.reklame.command.domain;

import id.reklame.contracts.application.ApplicationEvent;

/** What a command or decision does to an application: the event it causes, or why it causes none. */
public sealed interface Outcome {

    record Accepted(ApplicationEvent event) implements Outcome {
    }

    record Refused(String reason) implements Outcome {
    }
}
