package id.reklame.worker.assessment;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationRevised;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.decision.AssessedDecision;
import id.reklame.contracts.decision.PermitDecision;
import id.reklame.contracts.json.ReklameJson;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.TaxAssessment;
import id.reklame.contracts.model.TaxBreakdown;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.worker.numbering.DocumentNumbers;
import id.reklame.worker.tax.TariffBook;
import id.reklame.worker.tax.TaxCalculator;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides on an application event once: the decision, and any numbers it allocates, are stored
 * with the id of the event that triggered it, so a redelivery or replay finds the same decision.
 */
@Service
public class Assessor {

    public static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    public record Decided(EventMetadata metadata, byte[] payload) {
    }

    private final JdbcClient jdbc;
    private final TariffBook tariffs;
    private final DocumentNumbers numbers;
    private final Clock clock;

    public Assessor(JdbcClient jdbc, TariffBook tariffs, DocumentNumbers numbers, Clock clock) {
        this.jdbc = jdbc;
        this.tariffs = tariffs;
        this.numbers = numbers;
        this.clock = clock;
    }

    /** The decision this event calls for (made now, or found from before), if it calls for one. */
    @Transactional
    public Optional<Decided> decide(ReceivedEvent<ApplicationEvent> received) {
        Optional<Decided> earlier = find(received.metadata().id());
        if (earlier.isPresent()) {
            return earlier;
        }
        long version = received.metadata().sequence();
        PermitDecision decision = switch (received.data()) {
            case ApplicationSubmitted e -> assess(e.applicationId(), version, e.form());
            case ApplicationRevised e -> assess(e.applicationId(), version, e.form());
            default -> null;
        };
        return Optional.ofNullable(decision).map(d -> store(received.metadata(), d));
    }

    private AssessedDecision assess(UUID applicationId, long version, ApplicationForm form) {
        long nsr = tariffs.nsr(form.reklame().type(), form.location().roadClass(), form.period().startDate());
        TaxBreakdown breakdown = TaxCalculator.compute(form.reklame(), form.period(), nsr);
        LocalDate today = LocalDate.now(clock.withZone(JAKARTA));
        DocumentNumbers.Allocated skpd = numbers.next(DocumentNumbers.Kind.SKPD, today.getYear());
        return new AssessedDecision(applicationId, version, TaxAssessment.of(breakdown, skpd.number(),
                numbers.billingCode(skpd), today, today.plusMonths(1)));
    }

    private Decided store(EventMetadata trigger, PermitDecision decision) {
        // derived from the trigger, so even a decision made twice in a race carries one id
        UUID decisionId = UUID.nameUUIDFromBytes(("decision-for:" + trigger.id()).getBytes(StandardCharsets.UTF_8));
        EventMetadata metadata = new EventMetadata(decisionId, EventTypes.typeOf(decision),
                CloudEventHeaders.WORKER_SOURCE, decision.applicationId().toString(), clock.instant(),
                decision.applicationVersion(), trigger.traceparent());
        byte[] payload = ReklameJson.mapper().writeValueAsBytes(decision);
        jdbc.sql("""
                        insert into decision (decision_id, trigger_event_id, application_id, application_version,
                                              decision_type, payload, decided_at)
                        values (?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(decisionId, trigger.id(), decision.applicationId(), decision.applicationVersion(),
                        metadata.type(), new String(payload, StandardCharsets.UTF_8), Timestamp.from(metadata.time()))
                .update();
        return new Decided(metadata, payload);
    }

    private Optional<Decided> find(UUID triggerEventId) {
        return jdbc.sql("""
                        select decision_id, application_id, application_version, decision_type, payload::text as payload,
                               decided_at from decision where trigger_event_id = ?""")
                .param(triggerEventId)
                .query((rs, n) -> new Decided(new EventMetadata(rs.getObject("decision_id", UUID.class),
                        rs.getString("decision_type"), CloudEventHeaders.WORKER_SOURCE,
                        rs.getString("application_id"), rs.getTimestamp("decided_at").toInstant(),
                        rs.getLong("application_version"), null),
                        rs.getString("payload").getBytes(StandardCharsets.UTF_8)))
                .optional();
    }
}
