package id.reklame.worker.tracking;

import id.reklame.worker.placement.Site;
import id.reklame.worker.placement.SiteCells;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The worker's view of every application it has seen, in its own schema. */
@Repository
public class TrackedApplications {

    private static final String COLUMNS = """
            application_id, version, status, submitted_on, latitude, longitude, start_date, end_date, tax,
            due_date, billing_code, expiry_decided""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public TrackedApplications(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public Map<UUID, TrackedApplication> load(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("select " + COLUMNS + " from application_state where application_id = any(?)")
                .param(ids.toArray(UUID[]::new))
                .query(TrackedApplications::read).list().stream()
                .collect(Collectors.toMap(TrackedApplication::id, Function.identity()));
    }

    /**
     * Waits for, and holds until commit, the locks on these cells (in ascending order, so two
     * transactions never wait for each other), serialising every decision that could claim a site there.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockSites(SortedSet<Long> cells) {
        if (cells.isEmpty()) {
            return;
        }
        jdbc.sql("select count(*) from (select pg_advisory_xact_lock(cell) from (select unnest(?) as cell order by 1) cells) locked")
                .param(cells.toArray(Long[]::new))
                .query(Long.class).single();
    }

    /** The applications that hold a site in these cells. */
    public List<TrackedApplication> holdingSitesIn(Collection<Long> cells) {
        if (cells.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from application_state where site_cell = any(?)"
                        + " and status in ('ASSESSED', 'PAYMENT_REJECTED', 'ISSUED')")
                .param(cells.toArray(Long[]::new))
                .query(TrackedApplications::read).list();
    }

    /** Issued permits whose last day lies before {@code day} and whose expiry is not decided yet. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<TrackedApplication> lockIssuedEndingBefore(LocalDate day, int limit) {
        return jdbc.sql("select " + COLUMNS + " from application_state where status = 'ISSUED' and not expiry_decided"
                        + " and end_date < ? order by end_date, application_id limit ? for update skip locked")
                .params(day, limit)
                .query(TrackedApplications::read).list();
    }

    /** Writes the applications (in id order, so concurrent writers lock rows alike); never moves a version back. */
    public void saveAll(Collection<TrackedApplication> applications) {
        List<Object[]> rows = applications.stream().sorted(Comparator.comparing(TrackedApplication::id)).map(a -> new Object[] {
                a.id(), a.version(), a.status() == null ? null : a.status().name(), date(a.submittedOn()),
                a.site() == null ? null : a.site().latitude(), a.site() == null ? null : a.site().longitude(),
                a.site() == null ? null : SiteCells.cellOf(a.site()), date(a.startDate()), date(a.endDate()), a.tax(),
                date(a.dueDate()), a.billingCode(), a.expiryDecided()}).toList();
        batch.batchUpdate("""
                insert into application_state (application_id, version, status, submitted_on, latitude, longitude,
                    site_cell, start_date, end_date, tax, due_date, billing_code, expiry_decided)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (application_id) do update set version = excluded.version, status = excluded.status,
                    submitted_on = excluded.submitted_on, latitude = excluded.latitude, longitude = excluded.longitude,
                    site_cell = excluded.site_cell, start_date = excluded.start_date, end_date = excluded.end_date,
                    tax = excluded.tax, due_date = excluded.due_date, billing_code = excluded.billing_code,
                    expiry_decided = excluded.expiry_decided
                where application_state.version <= excluded.version""", rows);
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }

    private static TrackedApplication read(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        double latitude = rs.getDouble("latitude");
        Site site = rs.wasNull() ? null : new Site(latitude, rs.getDouble("longitude"));
        long tax = rs.getLong("tax");
        Long taxOrNull = rs.wasNull() ? null : tax;
        return new TrackedApplication(rs.getObject("application_id", UUID.class), rs.getLong("version"),
                status == null ? null : Status.valueOf(status), rs.getObject("submitted_on", LocalDate.class), site,
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class), taxOrNull,
                rs.getObject("due_date", LocalDate.class), rs.getString("billing_code"), rs.getBoolean("expiry_decided"));
    }
}
