package id.reklame.query.rebuild;

import id.reklame.platform.admin.AdminSettings;
import id.reklame.query.QueryApplication;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The rebuild as a one-off admin process of the service's own artefact, with the same
 * configuration (environment variables, {@code --name=value} arguments):
 * <pre>java -jar reklame-query-exec.jar rebuild</pre>
 * It does not consume the live stream itself; running service instances keep the live read models
 * current meanwhile. A progress bar goes to the terminal (stderr); one line every few seconds when
 * stderr is not a terminal. Exit status: 0 done, 1 failed, 2 bad arguments, 3 another rebuild is running.
 */
public final class RebuildProcess {

    public static final String COMMAND = "rebuild";

    private static final int BAR_WIDTH = 30;

    /**
     * The service's context without its web server and without its own consumer of the live stream. That setting
     * goes first among the property sources: as a default property, the service's yaml (listen: true) won, and
     * the admin process joined the service's consumer group and applied the whole stream to the live read models
     * a second time.
     */
    static ConfigurableApplicationContext context(String[] args) {
        return QueryApplication.application()
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN",
                        "logging.level.org.apache.kafka=ERROR")
                .initializers(AdminSettings.fixed(Map.of("reklame.query.projection.listen", "false")))
                .run(args);
    }

    public static int run(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            out.println("usage: java -jar reklame-query-exec.jar rebuild [--name=value ...]");
            out.println("  rebuilds every read model from the beginning of the application stream, beside the live");
            out.println("  ones, and switches over once caught up; settings as for the service (DATABASE_URL, ...)");
            return 0;
        }
        if (Arrays.stream(args).anyMatch(a -> !a.startsWith("--") || !a.contains("="))) {
            err.println("rebuild takes no arguments but settings (--name=value); see --help");
            return 2;
        }
        ConfigurableApplicationContext context = context(args);
        try {
            ProjectionRebuild rebuild = context.getBean(ProjectionRebuild.class);
            RebuildProgress progress;
            try {
                progress = rebuild.start();
            } catch (RebuildRefusedException e) {
                err.println(e.getMessage());
                return 3;
            }
            boolean terminal = isTerminal();
            long lastLine = 0;
            while (progress.running()) {
                if (terminal) {
                    err.print("\r" + bar(progress));
                } else if (System.nanoTime() - lastLine > Duration.ofSeconds(5).toNanos()) {
                    err.println(bar(progress));
                    lastLine = System.nanoTime();
                }
                sleep(terminal ? 200 : 500);
                progress = rebuild.progress();
            }
            if (terminal) {
                err.println("\r" + bar(progress));
            }
            double seconds = seconds(progress);
            out.println(String.format(Locale.ROOT, "%s: %,d records in %.1f s (%,.0f records/s)", progress.message(),
                    progress.eventsDone(), seconds, seconds > 0 ? progress.eventsDone() / seconds : 0));
            return "COMPLETED".equals(progress.state()) ? 0 : 1;
        } finally {
            context.close();
        }
    }

    /** A terminal, not a pipe or file (from Java 22 on, System.console() exists for both; isTerminal() tells them apart). */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static String bar(RebuildProgress p) {
        int filled = (int) Math.round(p.percent() / 100 * BAR_WIDTH);
        String eta = p.etaSeconds() == null ? "?" : p.etaSeconds() / 60 + ":" + String.format("%02d", p.etaSeconds() % 60);
        return String.format(Locale.ROOT, "[%s%s] %5.1f%% %,d/%,d records %,.0f/s ETA %s %s",
                "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), p.percent(), p.eventsDone(), p.eventsTotal(),
                p.eventsPerSecond(), eta, p.phase() == null ? p.state() : p.phase());
    }

    private static double seconds(RebuildProgress p) {
        return p.startedAt() == null || p.finishedAt() == null ? 0
                : Duration.between(p.startedAt(), p.finishedAt()).toMillis() / 1000.0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RebuildProcess() {
    }
}
