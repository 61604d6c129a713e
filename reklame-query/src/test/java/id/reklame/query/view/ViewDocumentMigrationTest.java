package id.reklame.query.view;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.json.ReklameJson;
import id.reklame.query.ApplicationStreams;
import id.reklame.query.ApplicationStreams.Versioned;
import id.reklame.testsupport.Database;
import id.reklame.testsupport.RealInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Views stored as jsonb before the document became text keep their content, and their owner gets its column. */
class ViewDocumentMigrationTest {

    private final Database database = RealInfrastructure.shared().newDatabase("view-doc");

    @Test
    void aViewWrittenAsJsonbReadsTheSameAfterTheMigrationAndKeepsItsOwner() throws Exception {
        flyway("3").migrate();
        ApplicationView folded = null;
        for (Versioned v : new ApplicationStreams(7).life()) {
            folded = ApplicationView.apply(folded, v.event(), v.version(), v.at());
        }
        var document = (tools.jackson.databind.node.ObjectNode) ReklameJson.mapper().valueToTree(folded);
        ApplicationView view = ReklameJson.mapper().treeToValue(document.put("owner", "applicant-7"), ApplicationView.class);
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement("""
                insert into reklame_query.application_view (application_id, version, status, reklame_type, district,
                    road_class, submitted_at, updated_at, document)
                values (?, ?, ?, ?, ?, ?, now(), now(), ?::jsonb)""")) {
            insert.setObject(1, view.applicationId());
            insert.setLong(2, view.version());
            insert.setString(3, view.status());
            insert.setString(4, view.reklame().type().name());
            insert.setString(5, view.location().district());
            insert.setString(6, view.location().roadClass().name());
            insert.setString(7, ReklameJson.mapper().writeValueAsString(view));
            insert.executeUpdate();
        }

        flyway(null).migrate();

        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "select owner, document from reklame_query.application_view")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(view.owner());
            assertThat(ReklameJson.mapper().readValue(rs.getString(2), ApplicationView.class)).isEqualTo(view);
        }
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/reklame-query").schemas("reklame_query").defaultSchema("reklame_query")
                .createSchemas(true);
        return (target == null ? configuration : configuration.target(target)).load();
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
