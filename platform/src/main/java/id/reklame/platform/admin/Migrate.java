package id.reklame.platform.admin;

import java.io.PrintStream;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code java -jar <service>-exec.jar migrate}: applies the service's Flyway migrations to its schema with the
 * service's own settings ({@code DATABASE_URL}, {@code spring.flyway.*}) and exits; nothing else of the service
 * starts. The release step of a deploy that runs services with {@code DB_MIGRATE_ON_START=false}.
 */
final class Migrate {

    static final String COMMAND = "migrate";

    static int run(List<String> args, ConfigurableEnvironment environment, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            boolean help = args.contains("--help") || args.contains("-h");
            (help ? out : err).println("""
                    usage: migrate
                      applies this service's database migrations to its schema and exits (0 done, 1 failed, 2 bad arguments);
                      the database and the migrations come from the service's settings: DATABASE_URL, DATABASE_USERNAME,
                      DATABASE_PASSWORD, SPRING_FLYWAY_LOCATIONS""");
            return help ? 0 : 2;
        }
        try {
            Binder binder = Binder.get(environment);
            String url = binder.bind("spring.datasource.url", String.class).get();
            String[] locations = binder.bind("spring.flyway.locations", String[].class).get();
            String[] schemas = binder.bind("spring.flyway.schemas", String[].class).orElse(new String[0]);
            Flyway flyway = Flyway.configure()
                    .dataSource(url, binder.bind("spring.datasource.username", String.class).orElse(null),
                            binder.bind("spring.datasource.password", String.class).orElse(null))
                    .locations(locations)
                    .schemas(schemas)
                    .defaultSchema(binder.bind("spring.flyway.default-schema", String.class).orElse(schemas.length > 0 ? schemas[0] : null))
                    .createSchemas(binder.bind("spring.flyway.create-schemas", Boolean.class).orElse(true))
                    .load();
            MigrateResult result = flyway.migrate();
            out.printf("migrated %s at %s: %d migration(s) applied, now at version %s%n", String.join(",", schemas),
                    url.replaceAll("\\?.*", ""), result.migrationsExecuted,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : flyway.info().current() == null
                            ? "(none)" : flyway.info().current().getVersion());
            return 0;
        } catch (RuntimeException e) {
            err.println("migration failed: " + e.getMessage());
            return 1;
        }
    }

    private Migrate() {
    }
}
