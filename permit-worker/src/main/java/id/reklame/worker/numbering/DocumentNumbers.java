package id.reklame.worker.numbering;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Yearly gapless sequences for SKPD and permit numbers, and billing codes derived from them. A number
 * is taken inside the caller's transaction: if the decision using it rolls back, so does the number.
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
    private final String billingPrefix;

    public DocumentNumbers(JdbcClient jdbc, @Value("${reklame.worker.billing-prefix:3578}") String billingPrefix) {
        if (!billingPrefix.matches("\\d{4}")) {
            throw new IllegalArgumentException("BILLING_CODE_PREFIX must be 4 digits, got " + billingPrefix);
        }
        this.jdbc = jdbc;
        this.billingPrefix = billingPrefix;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Allocated next(Kind kind, int year) {
        long sequence = jdbc.sql("""
                        insert into number_sequence (kind, year, last_value) values (?, ?, 1)
                        on conflict (kind, year) do update set last_value = number_sequence.last_value + 1
                        returning last_value""")
                .params(kind.name(), year)
                .query(Long.class).single();
        return new Allocated(kind, year, sequence, "%s/%d/%06d".formatted(kind.prefix, year, sequence));
    }

    /** 18 digits: region prefix, year, document kind, sequence, and ISO 7064 mod 97-10 check digits. */
    public String billingCode(Allocated skpd) {
        String body = "%s%04d%02d%06d".formatted(billingPrefix, skpd.year(), skpd.kind().ordinal() + 1, skpd.sequence());
        if (skpd.sequence() > 999_999) {
            throw new IllegalStateException("the yearly sequence outgrew six digits");
        }
        long remainder = new java.math.BigInteger(body + "00").mod(java.math.BigInteger.valueOf(97)).longValue();
        return body + "%02d".formatted(98 - remainder);
    }
}
