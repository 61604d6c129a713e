package id.reklame.query.view;

import id.reklame.contracts.json.ReklameJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the application views of the live read models. */
@Repository
public class ApplicationViews {

    /** One page of a search, and how many views the whole search found. */
    public record Page(List<ApplicationView> content, int page, int size, long totalElements, long totalPages) {

        static Page of(List<ApplicationView> content, int page, int size, long totalElements) {
            return new Page(content, page, size, totalElements, (totalElements + size - 1) / size);
        }
    }

    private final JdbcClient jdbc;

    public ApplicationViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApplicationView> find(UUID applicationId) {
        return jdbc.sql("select document from application_view where application_id = ?")
                .param(applicationId).query(String.class).optional().map(ApplicationViews::view);
    }

    public Optional<ApplicationView> findByPermitNumber(String permitNumber) {
        return jdbc.sql("""
                        select document from application_view where permit_number = ?
                        order by updated_at desc, application_id limit 1""")
                .param(permitNumber).query(String.class).optional().map(ApplicationViews::view);
    }

    /** A search over every application, or (with an owner) over only those that owner submitted. */
    public Page search(ApplicationSearch search, Optional<String> owner) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        owner.ifPresent(subject -> {
            conditions.add("owner = ?");
            params.add(subject);
        });
        if (search.status() != null) {
            conditions.add("status = ?");
            params.add(search.status());
        }
        if (search.type() != null) {
            conditions.add("reklame_type = ?");
            params.add(search.type());
        }
        if (search.district() != null) {
            conditions.add("lower(district) = lower(?)");
            params.add(search.district());
        }
        if (search.roadClass() != null) {
            conditions.add("road_class = ?");
            params.add(search.roadClass());
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        // columns come from ApplicationSearch.SORTABLE only, never from the request
        String orderBy = search.orders().stream()
                .map(o -> o.column() + (o.descending() ? " desc" : " asc"))
                .collect(Collectors.joining(", ", " order by ", ", application_id"));
        long total = jdbc.sql("select count(*) from application_view" + where).params(params)
                .query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(search.size());
        pageParams.add((long) search.page() * search.size());
        List<ApplicationView> content = jdbc.sql("select document from application_view" + where + orderBy
                        + " limit ? offset ?")
                .params(pageParams).query(String.class).list().stream().map(ApplicationViews::view).toList();
        return Page.of(content, search.page(), search.size(), total);
    }

    private static ApplicationView view(String json) {
        return ReklameJson.mapper().readValue(json, ApplicationView.class);
    }
}
