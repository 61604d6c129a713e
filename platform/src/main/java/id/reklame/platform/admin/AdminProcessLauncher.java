package id.reklame.platform.admin;

import java.util.Arrays;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Makes every service artefact run the platform's one-off admin processes, the same way in each:
 * {@code java -jar <service>-exec.jar dead-letters <command> ...} runs the dead-letter tool and
 * exits, before anything of the service starts; {@code migrate} applies the service's database migrations
 * with its settings and exits. Any other arguments start the service as usual.
 */
public class AdminProcessLauncher implements SpringApplicationRunListener {

    private final String[] args;

    public AdminProcessLauncher(SpringApplication application, String[] args) {
        this.args = args;
    }

    @Override
    public void starting(ConfigurableBootstrapContext bootstrapContext) {
        if (args.length > 0 && DeadLetterTool.COMMAND.equals(args[0])) {
            System.exit(runDeadLetterTool(Arrays.copyOfRange(args, 1, args.length)));
        }
    }

    @Override
    public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
        if (args.length > 0 && Migrate.COMMAND.equals(args[0])) {
            if (!ClassUtils.isPresent("org.flywaydb.core.Flyway", AdminProcessLauncher.class.getClassLoader())) {
                System.err.println("this artefact owns no database schema; nothing to migrate");
                System.exit(2);
            }
            System.exit(Migrate.run(Arrays.asList(args).subList(1, args.length), environment, System.out, System.err));
        }
    }

    private static int runDeadLetterTool(String[] args) {
        if (!ClassUtils.isPresent("org.apache.kafka.clients.admin.Admin", AdminProcessLauncher.class.getClassLoader())) {
            System.err.println("this artefact has no Kafka client and no consumer groups; run dead-letters from a "
                    + "service that consumes (reklame-command, permit-worker, reklame-query)");
            return 2;
        }
        return DeadLetterTool.run(Arrays.asList(args), System.out, System.err);
    }
}
