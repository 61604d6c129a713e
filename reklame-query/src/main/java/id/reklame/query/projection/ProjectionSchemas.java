package id.reklame.query.projection;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The schema the live read models are in, the one a rebuild builds beside it, and the name the
 * live one briefly takes when a rebuild replaces it.
 */
@Component
public class ProjectionSchemas {

    private final String live;

    ProjectionSchemas(@Value("${spring.flyway.default-schema:reklame_query}") String live) {
        this.live = live;
    }

    public ProjectionTarget live() {
        return ProjectionTarget.live(live);
    }

    public ProjectionTarget rebuild() {
        return ProjectionTarget.rebuild(live + "_rebuild");
    }

    public String retired() {
        return ProjectionTarget.live(live + "_retired").schema();
    }
}
