package id.reklame.platform.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.FieldError;

/**
 * A setting that cannot be bound or fails validation stops the service with a message naming the environment
 * variable behind it (the {@code ${VAR:default}} placeholder in the service's yaml), not only the property.
 */
public class EnvironmentVariableFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    private static final Pattern PLACEHOLDER_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private final Environment environment;

    public EnvironmentVariableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        Set<String> properties = new LinkedHashSet<>();
        if (cause.getProperty() != null) {
            properties.add(cause.getProperty().getName().toString());
        } else {
            properties.add(cause.getName().toString());
        }
        if (cause.getCause() instanceof BindValidationException validation) {
            properties.clear();
            for (var error : validation.getValidationErrors().getAllErrors()) {
                if (error instanceof FieldError field) {
                    properties.add(cause.getName() + "." + kebabCase(field.getField()));
                }
            }
        }
        List<String> variables = properties.stream().flatMap(p -> variablesBehind(p).stream()).distinct().toList();
        if (variables.isEmpty() && cause.getProperty() == null) {
            // the record refused its values as a whole: name every variable of its settings
            variables = variablesUnder(cause.getName().toString());
        }
        if (variables.isEmpty()) {
            return null; // not one of ours: Spring Boot's own analysis says enough
        }
        String reason = cause.getCause() instanceof BindValidationException validation
                ? validation.getValidationErrors().getAllErrors().stream()
                        .map(e -> e instanceof FieldError f ? f.getField() + " " + f.getDefaultMessage() : e.getDefaultMessage())
                        .reduce((a, b) -> a + "; " + b).orElse("invalid")
                : cause.getProperty() != null
                        ? "it cannot be read as a value of " + cause.getTarget().getType() + ": " + rootMessage(cause)
                        : rootMessage(cause);
        return new FailureAnalysis(
                "Environment variable " + String.join(", ", variables) + " (setting " + String.join(", ", properties)
                        + ") has a value the service cannot use: " + reason,
                "Set " + String.join(", ", variables) + " to a valid value (docs/configuration.md lists each setting), "
                        + "or unset it to use the default.",
                cause);
    }

    private List<String> variablesBehind(String property) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return List.of();
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            Object raw = source.getProperty(property);
            if (raw == null) {
                continue;
            }
            Matcher matcher = PLACEHOLDER_VARIABLE.matcher(raw.toString());
            Set<String> names = new LinkedHashSet<>();
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return List.copyOf(names);
        }
        return List.of();
    }

    private List<String> variablesUnder(String prefix) {
        Set<String> names = new LinkedHashSet<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (name.startsWith(prefix + ".")) {
                            Matcher matcher = PLACEHOLDER_VARIABLE.matcher(String.valueOf(enumerable.getProperty(name)));
                            while (matcher.find()) {
                                names.add(matcher.group(1));
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static String kebabCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
