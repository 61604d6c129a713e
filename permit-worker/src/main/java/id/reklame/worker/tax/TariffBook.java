package id.reklame.worker.tax;

import id.reklame.contracts.model.ReklameType;
import id.reklame.contracts.model.RoadClass;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The worker's tariff reference data: the NSR in force on a given day. */
@Repository
public class TariffBook {

    private final JdbcClient jdbc;

    public TariffBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long nsr(ReklameType type, RoadClass roadClass, LocalDate on) {
        return jdbc.sql("""
                        select nsr from tariff
                        where reklame_type = ? and road_class = ? and effective_from <= ?
                        order by effective_from desc limit 1""")
                .params(type.name(), roadClass.name(), on)
                .query(Long.class).optional()
                .orElseThrow(() -> new IllegalStateException("no tariff for " + type + " on a " + roadClass
                        + " road on " + on));
    }
}
