package id.reklame.worker.reference;

import id.reklame.contracts.model.ReklameType;
import id.reklame.contracts.model.RoadClass;
import id.reklame.worker.placement.Site;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The reference data in the worker's schema, held in memory (every decision needs it) and read again
 * every {@code reklame.worker.reference-data-refresh}, so a change made in the tables takes effect
 * without a restart.
 */
@Repository
public class ReferenceBook {

    private final JdbcClient jdbc;
    private final AtomicReference<ReferenceData> current = new AtomicReference<>();

    public ReferenceBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
        reload();
    }

    public ReferenceData current() {
        return current.get();
    }

    @Scheduled(fixedDelayString = "${reklame.worker.reference-data-refresh:PT1M}",
            initialDelayString = "${reklame.worker.reference-data-refresh:PT1M}")
    public void reload() {
        var tariffs = jdbc.sql("select reklame_type, road_class, effective_from, nsr from tariff")
                .query((rs, n) -> new Tariff(ReklameType.valueOf(rs.getString(1)), RoadClass.valueOf(rs.getString(2)),
                        rs.getObject(3, java.time.LocalDate.class), rs.getLong(4)))
                .list();
        var zones = jdbc.sql("select id, kind, latitude, longitude, radius_m from prohibited_zone")
                .query((rs, n) -> new ProhibitedZone(rs.getString(1), rs.getString(2),
                        new Site(rs.getDouble(3), rs.getDouble(4)), rs.getDouble(5)))
                .list();
        Map<RoadClass, BigDecimal> limits = jdbc.sql("select road_class, max_face_m2 from size_limit")
                .query((rs, n) -> Map.entry(RoadClass.valueOf(rs.getString(1)), rs.getBigDecimal(2)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        current.set(new ReferenceData(tariffs, zones, limits));
    }
}
