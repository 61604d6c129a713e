package id.reklame.platform.admin;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings a one-off admin process fixes for itself, ahead of every other source. The service's own yaml sets
 * some of the same names (whether the live consumer runs, whether migrations run at start), and a default
 * property ({@code SpringApplicationBuilder.properties}) loses to it.
 */
public final class AdminSettings {

    public static ApplicationContextInitializer<ConfigurableApplicationContext> fixed(Map<String, Object> settings) {
        return context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("admin process", Map.copyOf(settings)));
    }

    private AdminSettings() {
    }
}
