package id.reklame.command.support;

import id.reklame.command.eventstore.EventStore;
import id.reklame.command.eventstore.StoredEvent;
import id.reklame.contracts.application.ApplicationAssessed;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.PaymentReceived;
import id.reklame.contracts.application.PermitIssued;
import id.reklame.contracts.model.TaxAssessment;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/** Moves an application along its lifecycle by appending what the worker would have caused, for tests. */
public final class History {

    public static final String BILLING_CODE = "357820990100000142";

    private final EventStore store;
    private final TransactionTemplate transaction;

    public History(EventStore store, TransactionTemplate transaction) {
        this.store = store;
        this.transaction = transaction;
    }

    public static TaxAssessment assessment() {
        return new TaxAssessment(125_000, new BigDecimal("8"), 30, new BigDecimal("30000000"), List.of(), 7_500_000,
                "SKPD-RKL/2099/000001", BILLING_CODE, LocalDate.of(2098, 12, 1), LocalDate.of(2099, 1, 1));
    }

    public void append(UUID id, ApplicationEvent... events) {
        transaction.executeWithoutResult(status -> {
            long version = store.load(id).size();
            for (ApplicationEvent event : events) {
                store.append(new StoredEvent(UUID.randomUUID(), ++version, Instant.now(), null, event));
            }
        });
    }

    public void assessed(UUID id) {
        append(id, new ApplicationAssessed(id, assessment()));
    }

    /** Assessed, paid and issued for the period given. */
    public void issued(UUID id, LocalDate validFrom, LocalDate validTo) {
        append(id, new ApplicationAssessed(id, assessment()),
                new PaymentReceived(id, BILLING_CODE, 7_500_000, Instant.now(), "PAY-" + id),
                new PermitIssued(id, "IPR-RKL/2099/000001", validFrom, validTo));
    }
}
