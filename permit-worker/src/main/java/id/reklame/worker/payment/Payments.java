package id.reklame.worker.payment;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payments the worker has judged, by application. */
@Repository
public class Payments {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public Payments(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public Map<UUID, List<Payment>> of(Collection<UUID> applications) {
        if (applications.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("select application_id, reference, billing_code, amount, paid_at from payment where application_id = any(?)")
                .param(applications.toArray(UUID[]::new))
                .query((rs, n) -> new Payment(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getTimestamp(5).toInstant()))
                .list().stream().collect(Collectors.groupingBy(Payment::applicationId));
    }

    public void saveAll(List<Payment> payments) {
        batch.batchUpdate("insert into payment (application_id, reference, billing_code, amount, paid_at) values (?, ?, ?, ?, ?)",
                payments.stream().map(p -> new Object[] {p.applicationId(), p.reference(), p.billingCode(), p.amount(),
                        Timestamp.from(p.paidAt())}).toList());
    }
}
