package id.reklame.query.history;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An application's timeline: its events in version order. */
@RestController
class HistoryController {

    record Timeline(UUID applicationId, List<Entry> events) {
    }

    record Entry(long version, String type, Instant occurredAt, String summary) {
    }

    private final JdbcClient jdbc;

    HistoryController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/applications/{applicationId}/history")
    Timeline history(@PathVariable UUID applicationId) {
        List<Entry> events = jdbc.sql("""
                        select version, event_type, occurred_at, summary from application_history
                        where application_id = ? order by version""")
                .param(applicationId)
                .query((rs, n) -> new Entry(rs.getLong("version"), rs.getString("event_type"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getString("summary")))
                .list();
        if (events.isEmpty()) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND,
                    ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No application " + applicationId), null);
        }
        return new Timeline(applicationId, events);
    }
}
