package id.reklame.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists exactly the environment variables each service's yaml reads, with their defaults. */
class ConfigurationDocumentTest {

    private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("Every service", "reklame-platform.yaml");
        SECTIONS.put("reklame-command", "reklame-command.yaml");
        SECTIONS.put("permit-worker", "permit-worker.yaml");
        SECTIONS.put("reklame-query", "reklame-query.yaml");
        SECTIONS.put("ingress-proxy", "ingress-proxy.yaml");
    }

    private static final Pattern VARIABLE_START = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:?)");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|\\s*(`(.*?)`)?\\s*\\|");

    @Test
    void everyVariableTheServicesReadIsDocumentedWithItsDefaultAndNoOther() throws IOException {
        Map<String, Map<String, String>> documented = documented(Files.readString(Path.of("../docs/configuration.md")));

        assertThat(documented.keySet()).containsExactlyElementsOf(SECTIONS.keySet());
        SECTIONS.forEach((section, yaml) -> assertThat(documented.get(section))
                .as("the variables of %s in docs/configuration.md, against %s", section, yaml)
                .containsExactlyInAnyOrderEntriesOf(readBy(yaml)));
    }

    @Test
    void placeholdersAreFoundWithNestedDefaults() {
        assertThat(placeholders("a: ${A_B:1s}\nb: ${C:${reklame.x:12}} c: ${D:} d: ${E}"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("A_B", "1s", "C", "${reklame.x:12}", "D", "", "E", ""));
    }

    /** Variable -> default of every {@code ${VARIABLE:default}} in a yaml on the classpath. */
    private static Map<String, String> readBy(String yaml) {
        try (InputStream in = ConfigurationDocumentTest.class.getClassLoader().getResourceAsStream(yaml)) {
            assertThat(in).as(yaml + " on the classpath").isNotNull();
            return placeholders(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> placeholders(String text) {
        Map<String, String> variables = new TreeMap<>();
        Matcher matcher = VARIABLE_START.matcher(text);
        while (matcher.find()) {
            int depth = 1;
            int i = matcher.end();
            while (i < text.length() && depth > 0) {
                char c = text.charAt(i);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                i++;
            }
            variables.put(matcher.group(1), matcher.group(2).isEmpty() ? "" : text.substring(matcher.end(), i - 1));
        }
        return variables;
    }

    /** Section -> variable -> documented default, from the tables under each "## " heading. */
    private static Map<String, Map<String, String>> documented(String markdown) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                current = new TreeMap<>();
                sections.put(line.substring(3).trim(), current);
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                assertThat(current).as("a variable row before any section: " + line).isNotNull();
                current.put(row.group(1), row.group(3) == null ? "" : row.group(3));
            }
        }
        return sections;
    }
}
