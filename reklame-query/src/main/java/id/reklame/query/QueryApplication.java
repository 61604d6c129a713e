package id.reklame.query;

import id.reklame.query.rebuild.RebuildProcess;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApplication {

    /** {@code rebuild} as the first argument runs the rebuild as a one-off admin process instead of the service. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(RebuildProcess.COMMAND)) {
            System.exit(RebuildProcess.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        application().run(args);
    }

    /** Reads {@code reklame-query.yaml}, not application.yaml, so all services can share one JVM in end-to-end tests. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(QueryApplication.class).properties("spring.config.name=reklame-query");
    }
}
