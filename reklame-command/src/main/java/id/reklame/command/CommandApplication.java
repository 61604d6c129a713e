package id.reklame.command;

import id.reklame.command.replay.Republish;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** {@code republish} as the first argument runs that one-off admin process instead of the service. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(Republish.COMMAND)) {
            System.exit(Republish.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        application().run(args);
    }

    /** Reads {@code reklame-command.yaml}, not application.yaml, so all services can share one JVM in end-to-end tests. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CommandApplication.class).properties("spring.config.name=reklame-command");
    }
}
