package id.reklame.query.projection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A checksum of every read model, row by row in key order, so two sets of read models (live and
 * rebuilt, or two environments) can be compared. When a gap was found is left out: it says when,
 * not what.
 */
@Component
public class ProjectionChecksum {

    public record TableChecksum(long rows, String md5) {
    }

    private record Table(String name, String row, String order) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("application_history", "t", "t.application_id, t.version"),
            new Table("application_payment", "t", "t.application_id, t.reference"),
            new Table("application_view", "t", "t.application_id"),
            new Table("projection_gap", """
                    (t.application_id, t.version, t.view_version, t.event_id, t.ce_type, t.occurred_at, t.traceparent,
                     t.payload, t.topic, t.partition, t.record_offset)""", "t.application_id, t.version"));

    private final JdbcClient jdbc;

    ProjectionChecksum(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Map<String, TableChecksum> of(ProjectionTarget target) {
        Map<String, TableChecksum> checksums = new LinkedHashMap<>();
        for (Table table : TABLES) {
            checksums.put(table.name(), jdbc.sql("select count(*), md5(coalesce(string_agg(md5((" + table.row()
                            + ")::text), ',' order by " + table.order() + "), '')) from " + target.schema() + "."
                            + table.name() + " t")
                    .query((rs, n) -> new TableChecksum(rs.getLong(1), rs.getString(2))).single());
        }
        return checksums;
    }
}
