package id.reklame.query.history;

import id.reklame.platform.security.Caller;
import id.reklame.query.view.ApplicationView;
import id.reklame.query.view.ApplicationViews;
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

/** An application's timeline: its events in version order; an applicant sees only its own applications'. */
@RestController
class HistoryController {

    record Timeline(UUID applicationId, List<Entry> events) {
    }

    record Entry(long version, String type, Instant occurredAt, String summary) {
    }

    private final JdbcClient jdbc;
    private final ApplicationViews views;

    HistoryController(JdbcClient jdbc, ApplicationViews views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    @GetMapping("/api/v1/applications/{applicationId}/history")
    Timeline history(@PathVariable UUID applicationId) {
        Caller caller = Caller.current();
        if (caller.seesOnlyItsOwn() && !views.find(applicationId).map(ApplicationView::owner)
                .map(caller.subject()::equals).orElse(false)) {
            throw notFound(applicationId);
        }
        List<Entry> events = jdbc.sql("""
                        select version, event_type, occurred_at, summary from application_history
                        where application_id = ? order by version""")
                .param(applicationId)
                .query((rs, n) -> new Entry(rs.getLong("version"), rs.getString("event_type"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getString("summary")))
                .list();
        if (events.isEmpty()) {
            throw notFound(applicationId);
        }
        return new Timeline(applicationId, events);
    }

    private static ErrorResponseException notFound(UUID applicationId) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No application " + applicationId), null);
    }
}
