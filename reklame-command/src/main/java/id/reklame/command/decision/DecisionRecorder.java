package id.reklame.command.decision;

import id.reklame.command.domain.Application;
import id.reklame.command.domain.Outcome;
import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.platform.ids.TimeOrderedIds;
import id.reklame.platform.kafka.ReceivedEvent;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Makes a worker decision an event of the application, if it is still valid for its current version. */
@Service
public class DecisionRecorder {

    /** What became of a decision; all but {@code RECORDED} leave the application as it was. */
    public enum Result {
        RECORDED, DUPLICATE, STALE, INVALID, UNKNOWN_APPLICATION
    }

    public record Recorded(Result result, String reason) {
    }

    private final EventStore store;
    private final Clock clock;

    public DecisionRecorder(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Transactional
    public Recorded record(ReceivedEvent<PermitDecision> received) {
        PermitDecision decision = received.data();
        // derived from the decision's id, so a redelivered decision maps to the same event
        UUID eventId = TimeOrderedIds.derived(received.metadata().id(), "decision:" + received.metadata().id());
        List<StoredEvent> stream = store.load(decision.applicationId());
        // the event a decision becomes is in the stream of the application it decides, so reading the stream tells
        if (stream.stream().anyMatch(stored -> stored.eventId().equals(eventId))) {
            return new Recorded(Result.DUPLICATE, "already recorded as event " + eventId);
        }
        if (stream.isEmpty()) {
            return new Recorded(Result.UNKNOWN_APPLICATION, "unknown application");
        }
        Application application = Application.replay(stream.stream().map(StoredEvent::event).toList());
        return switch (application.decide(decision)) {
            case Outcome.Accepted accepted -> {
                boolean appended = store.append(new StoredEvent(eventId, application.version() + 1, clock.instant(),
                        received.metadata().traceparent(), accepted.event()));
                yield appended ? new Recorded(Result.RECORDED, null)
                        : new Recorded(Result.DUPLICATE, "recorded meanwhile as event " + eventId);
            }
            case Outcome.Unchanged unchanged -> new Recorded(Result.DUPLICATE, unchanged.reason());
            case Outcome.Refused refused -> new Recorded(
                    refused.refusal() == Outcome.Refusal.STALE ? Result.STALE : Result.INVALID, refused.reason());
        };
    }
}
