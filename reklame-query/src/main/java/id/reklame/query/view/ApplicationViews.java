package id.reklame.query.view;

import id.reklame.contracts.json.ReklameJson;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The application views in the service's own schema. */
@Repository
public class ApplicationViews {

    private final JdbcClient jdbc;

    public ApplicationViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApplicationView> find(UUID applicationId) {
        return read("select document::text from application_view where application_id = ?", applicationId);
    }

    /** The view, locked until the caller's transaction ends, so events of one application apply one at a time. */
    public Optional<ApplicationView> findForUpdate(UUID applicationId) {
        return read("select document::text from application_view where application_id = ? for update", applicationId);
    }

    public void save(ApplicationView view) {
        jdbc.sql("""
                        insert into application_view (application_id, version, status, reklame_type, district, road_class,
                                                      submitted_at, updated_at, document)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                        on conflict (application_id) do update set
                            version = excluded.version, status = excluded.status, reklame_type = excluded.reklame_type,
                            district = excluded.district, road_class = excluded.road_class,
                            updated_at = excluded.updated_at, document = excluded.document""")
                .params(view.applicationId(), view.version(), view.status(), view.reklame().type().name(),
                        view.location().district(), view.location().roadClass().name(),
                        Timestamp.from(view.submittedAt()), Timestamp.from(view.updatedAt()),
                        ReklameJson.mapper().writeValueAsString(view))
                .update();
    }

    private Optional<ApplicationView> read(String sql, UUID applicationId) {
        return jdbc.sql(sql).param(applicationId).query(String.class).optional()
                .map(json -> ReklameJson.mapper().readValue(json, ApplicationView.class));
    }
}
