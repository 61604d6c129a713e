package id.reklame.query.stats;

import id.reklame.query.view.ApplicationSearch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Statistics over the read models: applications by status; tax assessed (the SKPDs issued, by the
 * month of their assessment date) and tax paid (payments accepted, by the month they were paid in,
 * Asia/Jakarta), each by district and by month.
 */
@RestController
class StatisticsController {

    record Statistics(long applications, Map<String, Long> countsByStatus, List<DistrictTax> taxByDistrict,
                      List<MonthTax> taxByMonth) {
    }

    record DistrictTax(String district, long assessed, long paid) {
    }

    record MonthTax(String month, long assessed, long paid) {
    }

    private record Sums(long assessed, long paid) {
        Sums plusAssessed(long amount) {
            return new Sums(assessed + amount, paid);
        }

        Sums plusPaid(long amount) {
            return new Sums(assessed, paid + amount);
        }
    }

    private final JdbcClient jdbc;

    StatisticsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // one snapshot: the counts and the sums agree with each other
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    @GetMapping("/api/v1/stats")
    public Statistics statistics() {
        Map<String, Long> counts = new LinkedHashMap<>();
        ApplicationSearch.STATUSES.stream().sorted().forEach(s -> counts.put(s, 0L));
        jdbc.sql("select status, count(*) from application_view group by status")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        long applications = counts.values().stream().mapToLong(Long::longValue).sum();

        Map<String, Sums> byDistrict = new TreeMap<>();
        jdbc.sql("select district, sum(tax) from application_view where tax is not null group by district")
                .query(rs -> {
                    byDistrict.merge(rs.getString(1), new Sums(rs.getLong(2), 0), (a, b) -> a.plusAssessed(b.assessed()));
                });
        jdbc.sql("select district, sum(amount) from application_payment where outcome = 'ACCEPTED' group by district")
                .query(rs -> {
                    byDistrict.merge(rs.getString(1), new Sums(0, rs.getLong(2)), (a, b) -> a.plusPaid(b.paid()));
                });

        Map<String, Sums> byMonth = new TreeMap<>();
        jdbc.sql("""
                        select to_char(assessed_on, 'YYYY-MM'), sum(tax) from application_view
                        where tax is not null group by 1""")
                .query(rs -> {
                    byMonth.merge(rs.getString(1), new Sums(rs.getLong(2), 0), (a, b) -> a.plusAssessed(b.assessed()));
                });
        jdbc.sql("""
                        select to_char(paid_at at time zone 'Asia/Jakarta', 'YYYY-MM'), sum(amount) from application_payment
                        where outcome = 'ACCEPTED' group by 1""")
                .query(rs -> {
                    byMonth.merge(rs.getString(1), new Sums(0, rs.getLong(2)), (a, b) -> a.plusPaid(b.paid()));
                });

        return new Statistics(applications, counts,
                byDistrict.entrySet().stream().map(e -> new DistrictTax(e.getKey(), e.getValue().assessed(),
                        e.getValue().paid())).toList(),
                byMonth.entrySet().stream().map(e -> new MonthTax(e.getKey(), e.getValue().assessed(),
                        e.getValue().paid())).toList());
    }
}
