package id.reklame.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import id.reklame.contracts.json.ReklameJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The contract files on the classpath, and a validator that resolves their {@code $id}s there. */
final class ContractFiles {

    static final JsonMapper MAPPER = ReklameJson.mapper();
    static final String SCHEMA_BASE = "https://reklame.id/schemas/";

    // $id URIs map to classpath resources, so nothing is fetched from the network; formats are asserted, not just annotated
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));

    /** Numbers compare by value, so 4 and 4.00 are the same JSON; everything else compares exactly. */
    static final Comparator<JsonNode> NUMERIC = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    static boolean sameJson(JsonNode a, JsonNode b) {
        return a.equals(NUMERIC, b);
    }

    static Schema schema(String ceType) {
        return SCHEMAS.getSchema(SchemaLocation.of(SCHEMA_BASE + ceType + ".schema.json"));
    }

    static List<Error> validate(String ceType, JsonNode data) {
        return schema(ceType).validate(data);
    }

    static String sampleText(String ceType) {
        return text("samples/" + ceType + ".json");
    }

    static JsonNode sample(String ceType) {
        return MAPPER.readTree(sampleText(ceType));
    }

    static JsonNode schemaTree(String name) {
        return MAPPER.readTree(text("schemas/" + name + ".schema.json"));
    }

    static Class<?> recordClass(String ceType) {
        return EventTypes.classOf(ceType).orElseThrow(() -> new AssertionError("unknown ce_type " + ceType));
    }

    static Stream<String> ceTypes() {
        return EventTypes.all().keySet().stream().sorted();
    }

    /** What the wire carries for an event: its JSON as written by the project's mapper. */
    static JsonNode wire(Object event) {
        return MAPPER.readTree(MAPPER.writeValueAsString(event));
    }

    static Path resource(String name) {
        try {
            var url = ContractFiles.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new AssertionError("missing classpath resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean exists(String name) {
        return ContractFiles.class.getClassLoader().getResource(name) != null;
    }

    static String text(String name) {
        try {
            return Files.readString(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File names in a resource folder (Maven runs tests from target/classes, a plain directory). */
    static List<String> list(String folder) {
        try (Stream<Path> files = Files.list(resource(folder))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ContractFiles() {
    }
}
