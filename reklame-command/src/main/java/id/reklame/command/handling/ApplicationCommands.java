package id.reklame.command.handling;

import id.reklame.command.domain.Application;
import id.reklame.command.domain.ApplicationStatus;
import id.reklame.command.domain.Outcome;
import id.reklame.command.domain.Payment;
import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.command.eventstore.VersionConflictException;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.platform.ids.TimeOrderedIds;
import id.reklame.platform.security.Caller;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns commands into stored events: load the application, let it decide, append what it decided. A
 * command is accepted once its event is committed. Without an expected version, a command that lost a
 * race with another writer is decided again on the newer version. An applicant's command on an application
 * it does not own is answered exactly as one on an unknown application.
 */
@Service
public class ApplicationCommands {

    /** What a client is told about an accepted command. */
    public record Accepted(UUID applicationId, ApplicationStatus status, long version) {
    }

    /** Dates are calendar dates in Jakarta, whatever the server's zone. */
    public static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    private static final int ATTEMPTS = 5;

    private final EventStore store;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Counter submissions;

    public ApplicationCommands(EventStore store, TransactionTemplate transaction, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.transaction = transaction;
        this.clock = clock;
        this.submissions = Counter.builder("reklame.submissions")
                .description("Applications submitted (counted when the submission is committed)")
                .register(meters);
    }

    @Transactional
    public Accepted submit(ApplicationForm form, Caller caller, String traceparent) {
        UUID applicationId = TimeOrderedIds.next();
        store.append(new StoredEvent(TimeOrderedIds.next(), 1, clock.instant(), traceparent,
                Application.submit(applicationId, form, caller.subject())));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                submissions.increment();
            }
        });
        return new Accepted(applicationId, ApplicationStatus.SUBMITTED, 1);
    }

    public Accepted revise(UUID applicationId, Caller caller, long expectedVersion, ApplicationForm form,
                           String traceparent) {
        return change(applicationId, caller, OptionalLong.of(expectedVersion), application -> application.revise(form),
                traceparent);
    }

    public Accepted withdraw(UUID applicationId, Caller caller, OptionalLong expectedVersion, String reason,
                             String traceparent) {
        return change(applicationId, caller, expectedVersion, application -> application.withdraw(reason), traceparent);
    }

    public Accepted recordPayment(UUID applicationId, Caller caller, OptionalLong expectedVersion, Payment payment,
                                  String traceparent) {
        return change(applicationId, caller, expectedVersion, application -> application.recordPayment(payment),
                traceparent);
    }

    /**
     * Renews an issued permit: a new application whose id follows from the renewed one's, so asking again
     * (or twice at once) answers with the same renewal instead of making another.
     */
    public Accepted renew(UUID applicationId, Caller caller, String traceparent) {
        UUID renewalId = derivedId("renewal", applicationId);
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> {
                    Application permit = replay(existing(applicationId, caller));
                    List<StoredEvent> renewal = store.load(renewalId);
                    if (!renewal.isEmpty()) {
                        return accepted(replay(renewal));
                    }
                    return switch (permit.renew(renewalId, today())) {
                        case Outcome.Accepted accepted -> {
                            StoredEvent submitted = new StoredEvent(derivedId("renewal-submitted", applicationId), 1,
                                    clock.instant(), traceparent, accepted.event());
                            if (!store.append(submitted)) {
                                throw new VersionConflictException(renewalId, 1); // renewed meanwhile: read it
                            }
                            yield accepted(Application.replay(List.of(accepted.event())));
                        }
                        case Outcome.Unchanged unchanged -> throw new IllegalStateException(unchanged.reason());
                        case Outcome.Refused refused -> throw CommandProblems.conflict(refused.reason());
                    };
                });
            } catch (VersionConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), JAKARTA);
    }

    private Accepted change(UUID applicationId, Caller caller, OptionalLong expectedVersion,
                            Function<Application, Outcome> command, String traceparent) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> changeOnce(applicationId, caller, expectedVersion, command,
                        traceparent));
            } catch (VersionConflictException e) {
                if (expectedVersion.isPresent()) {
                    throw CommandProblems.writtenConcurrently(applicationId, expectedVersion.getAsLong());
                }
                if (attempt == ATTEMPTS) {
                    throw CommandProblems.conflict("application " + applicationId
                            + " is being changed by many requests at once; try again");
                }
            }
        }
    }

    private Accepted changeOnce(UUID applicationId, Caller caller, OptionalLong expectedVersion,
                                Function<Application, Outcome> command, String traceparent) {
        List<StoredEvent> stream = existing(applicationId, caller);
        Application application = replay(stream);
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != application.version()) {
            throw CommandProblems.staleVersion(applicationId, expectedVersion.getAsLong(), application.version());
        }
        return switch (command.apply(application)) {
            case Outcome.Accepted accepted -> {
                long version = application.version() + 1;
                store.append(new StoredEvent(TimeOrderedIds.next(), version, clock.instant(), traceparent, accepted.event()));
                List<ApplicationEvent> events = new ArrayList<>(stream.stream().map(StoredEvent::event).toList());
                events.add(accepted.event());
                yield accepted(Application.replay(events));
            }
            case Outcome.Unchanged unchanged -> accepted(application);
            case Outcome.Refused refused -> throw CommandProblems.conflict(refused.reason());
        };
    }

    /** The application's stream, if the caller may see it: another applicant's is as unknown as a missing one. */
    private List<StoredEvent> existing(UUID applicationId, Caller caller) {
        List<StoredEvent> stream = store.load(applicationId);
        if (stream.isEmpty() || !caller.maySee(owner(stream))) {
            throw CommandProblems.notFound(applicationId);
        }
        return stream;
    }

    /** Recorded by the stream's first event, the submission. */
    private static String owner(List<StoredEvent> stream) {
        return stream.getFirst().event() instanceof ApplicationSubmitted submitted ? submitted.owner() : null;
    }

    private static Application replay(List<StoredEvent> stream) {
        return Application.replay(stream.stream().map(StoredEvent::event).toList());
    }

    private static Accepted accepted(Application application) {
        return new Accepted(application.id(), application.status(), application.version());
    }

    private static UUID derivedId(String purpose, UUID applicationId) {
        return TimeOrderedIds.derived(applicationId, purpose + ":" + applicationId);
    }
}
