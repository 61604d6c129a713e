package id.reklame.worker.numbering;

import id.reklame.worker.WorkerProperties;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Yearly gapless sequences for SKPD and permit numbers, and billing codes derived from them. Each
 * application gets at most one number of each kind, for good. Numbers are taken inside the caller's
 * transaction, a whole block with one update of the year's counter row: if the decisions using them
 * roll back, so do the numbers, and the row stays locked only from the block's allocation to commit.
 */
@Repository
public class DocumentNumbers {

    public enum Kind {
        SKPD("SKPD-RKL"), PERMIT("IPR-RKL");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    public record Allocated(Kind kind, int year, long sequence, String number) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final String billingPrefix;

    public DocumentNumbers(JdbcClient jdbc, JdbcTemplate batch, WorkerProperties settings) {
        String billingPrefix = settings.billingPrefix();
        if (!billingPrefix.matches("\\d{4}")) {
            throw new IllegalArgumentException("BILLING_CODE_PREFIX must be 4 digits, got " + billingPrefix);
        }
        this.jdbc = jdbc;
        this.batch = batch;
        this.billingPrefix = billingPrefix;
    }

    /** The numbers of this kind the applications were given before, if any. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<UUID, Allocated> allocatedTo(Kind kind, Collection<UUID> applications) {
        if (applications.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("select application_id, year, sequence, number from document_number where kind = ? and application_id = any(?)")
                .params(kind.name(), applications.toArray(UUID[]::new))
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class),
                        new Allocated(kind, rs.getInt(2), rs.getLong(3), rs.getString(4))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The next numbers of the year, one for each application in order, recorded as theirs. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Allocated> allocate(Kind kind, int year, List<UUID> applications) {
        if (applications.isEmpty()) {
            return List.of();
        }
        long last = jdbc.sql("""
                        insert into number_sequence (kind, year, last_value) values (?, ?, ?)
                        on conflict (kind, year) do update set last_value = number_sequence.last_value + excluded.last_value
                        returning last_value""")
                .params(kind.name(), year, applications.size())
                .query(Long.class).single();
        long first = last - applications.size() + 1;
        if (last > 999_999) {
            throw new IllegalStateException("the " + year + " " + kind + " sequence outgrew six digits");
        }
        List<Allocated> allocated = new ArrayList<>(applications.size());
        List<Object[]> rows = new ArrayList<>(applications.size());
        for (int i = 0; i < applications.size(); i++) {
            long sequence = first + i;
            Allocated number = new Allocated(kind, year, sequence, "%s/%d/%06d".formatted(kind.prefix, year, sequence));
            allocated.add(number);
            rows.add(new Object[] {applications.get(i), kind.name(), year, sequence, number.number()});
        }
        batch.batchUpdate("insert into document_number (application_id, kind, year, sequence, number) values (?, ?, ?, ?, ?)",
                rows);
        return allocated;
    }

    /** 18 digits: region prefix, year, document kind, sequence, and ISO 7064 mod 97-10 check digits. */
    public String billingCode(Allocated skpd) {
        String body = "%s%04d%02d%06d".formatted(billingPrefix, skpd.year(), skpd.kind().ordinal() + 1, skpd.sequence());
        long remainder = new BigInteger(body + "00").mod(BigInteger.valueOf(97)).longValue();
        return body + "%02d".formatted(98 - remainder);
    }
}
