package id.reklame.command.submission;

import id.reklame.command.domain.Application;
import id.reklame.command.domain.ApplicationStatus;
import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.contracts.model.ApplicationForm;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Turns accepted commands into stored events; a command is accepted once its event is committed. */
@Service
public class ApplicationCommands {

    public record Accepted(UUID applicationId, ApplicationStatus status, long version) {
    }

    private final EventStore store;
    private final Clock clock;

    public ApplicationCommands(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Transactional
    public Accepted submit(ApplicationForm form) {
        UUID applicationId = UUID.randomUUID();
        store.append(new StoredEvent(UUID.randomUUID(), 1, clock.instant(), null,
                Application.submit(applicationId, form)));
        return new Accepted(applicationId, ApplicationStatus.SUBMITTED, 1);
    }
}
