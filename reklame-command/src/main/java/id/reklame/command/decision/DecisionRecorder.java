package id.reklame.command.decision;

import id.reklame.command.domain.Application;
import id.reklame.command.domain.Outcome;
import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.platform.kafka.ReceivedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Makes a worker decision an event of the application, if it is still valid for its current version. */
@Service
public class DecisionRecorder {

    private final EventStore store;
    private final Clock clock;

    public DecisionRecorder(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Returns why the decision was dropped, or null when it became an event (or already had). */
    @Transactional
    public String record(ReceivedEvent<PermitDecision> received) {
        PermitDecision decision = received.data();
        List<StoredEvent> stream = store.load(decision.applicationId());
        if (stream.isEmpty()) {
            return "unknown application";
        }
        Application application = Application.replay(stream.stream().map(StoredEvent::event).toList());
        return switch (application.decide(decision)) {
            case Outcome.Refused refused -> refused.reason();
            case Outcome.Accepted accepted -> {
                // derived from the decision's id, so a redelivered decision maps to the same event
                UUID eventId = UUID.nameUUIDFromBytes(("decision:" + received.metadata().id())
                        .getBytes(StandardCharsets.UTF_8));
                store.append(new StoredEvent(eventId, application.version() + 1, clock.instant(),
                        received.metadata().traceparent(), accepted.event()));
                yield null;
            }
        };
    }
}
