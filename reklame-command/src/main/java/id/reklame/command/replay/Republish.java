package id.reklame.command.replay;

import id.reklame.platform.admin.AdminSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Republishes part of the event store to {@code reklame.applications.v1}, as a one-off admin process
 * of reklame-command's own artefact and configuration:
 * <pre>
 * java -jar reklame-command-exec.jar republish --application 5f0c...   (one application's stream)
 * java -jar reklame-command-exec.jar republish --all
 * java -jar reklame-command-exec.jar republish --from-position 1000 --to-position 2000
 * java -jar reklame-command-exec.jar republish --from-time 2027-01-01T00:00:00Z --to-time 2027-02-01T00:00:00Z
 * </pre>
 * {@code --dry-run} only counts. It starts nothing of the service (no HTTP, no relay, no consumer,
 * no migration), only a connection to the event store and a producer. Exit status: 0 done,
 * 1 failed, 2 bad arguments.
 */
public final class Republish {

    public static final String COMMAND = "republish";

    static final String USAGE = """
            usage: republish (--all | --application <id> | --from-position <n> [--to-position <n>]
                              | --from-time <instant> [--to-time <instant>]) [--dry-run] [--name=value ...]
              sends stored events to the application stream again, with their original ce_id, in store order
            """;

    /**
     * The few parts of the service a republish needs. Not a {@code @Configuration}, so the service's
     * own component scan never picks it up.
     */
    @EnableAutoConfiguration
    @Import(EventRepublisher.class)
    static class RepublishContext {
    }

    /** The republish's context, which never migrates the database (the service does, or the migrate process). */
    static ConfigurableApplicationContext context(String[] settings) {
        return new SpringApplicationBuilder(RepublishContext.class)
                .properties("spring.config.name=reklame-command", "spring.main.banner-mode=off", "logging.level.root=WARN")
                .web(WebApplicationType.NONE)
                .initializers(AdminSettings.fixed(Map.of("spring.flyway.enabled", "false")))
                .run(settings);
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(USAGE);
            return 0;
        }
        RepublishSelection.Request request;
        try {
            request = RepublishSelection.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        List<String> settings = new ArrayList<>(request.settings());
        ConfigurableApplicationContext context;
        try {
            context = context(settings.toArray(String[]::new));
        } catch (RuntimeException e) {
            err.println("could not start: " + e.getMessage());
            return 1;
        }
        try {
            EventRepublisher republisher = context.getBean(EventRepublisher.class);
            long total = republisher.count(request.selection());
            if (request.dryRun()) {
                out.println("would republish " + total + " event(s) to " + republisher.topic());
                return 0;
            }
            long sent = republisher.republish(request.selection(),
                    done -> err.printf("\rrepublished %,d of %,d", done, total));
            if (sent > 0) {
                err.println();
            }
            out.println("republished " + sent + " event(s) to " + republisher.topic());
            return 0;
        } catch (RuntimeException e) {
            err.println("republish failed: " + e.getMessage());
            return 1;
        } finally {
            context.close();
        }
    }

    private Republish() {
    }
}
