package id.reklame.platform.kafka;

import id.reklame.contracts.EventTypes;
import id.reklame.contracts.json.ReklameJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The fields each event version's JSON Schema (in contracts) requires, at every depth, checked in the data
 * before it becomes a record: a record would take a missing field as null, or a missing number as 0.
 */
final class RequiredFields {

    private static final String SCHEMAS = "schemas/";
    private static final Map<String, Shape> BY_TYPE = load();

    /** What the schema asks of one JSON value: the fields it requires if an object, and what lies inside. */
    private record Shape(boolean object, List<String> required, Map<String, Shape> properties, Shape items) {
    }

    /** The dotted paths of the required fields missing (or null) in the object {@code data}; empty when none is. */
    static List<String> missingIn(String ceType, JsonNode data) {
        Shape shape = BY_TYPE.get(ceType);
        if (shape == null) {
            throw new IllegalStateException("no schema for " + ceType);
        }
        List<String> missing = new ArrayList<>();
        check(shape, data, "", missing);
        return missing;
    }

    private static void check(Shape shape, JsonNode node, String path, List<String> missing) {
        if (shape.object() && node.isObject()) {
            for (String name : shape.required()) {
                JsonNode field = node.get(name);
                if (field == null || field.isNull()) {
                    missing.add(path + name);
                }
            }
            shape.properties().forEach((name, inner) -> {
                JsonNode field = node.get(name);
                if (field != null && !field.isNull()) {
                    check(inner, field, path + name + ".", missing);
                }
            });
        } else if (shape.items() != null && node.isArray()) {
            int i = 0;
            for (JsonNode item : node) {
                if (item.isNull()) {
                    missing.add(path.substring(0, path.length() - 1) + "[" + i + "]");
                } else {
                    check(shape.items(), item, path.substring(0, path.length() - 1) + "[" + i + "].", missing);
                }
                i++;
            }
        }
    }

    /**
     * Every known event version's shape, read once. A schema missing from the build fails every decode loudly;
     * the contracts tests keep one per type.
     */
    private static Map<String, Shape> load() {
        Map<String, JsonNode> documents = new HashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (String type : EventTypes.all().keySet()) {
            String file = type + ".schema.json";
            shapes.put(type, shape(file, document(documents, file), documents, 0));
        }
        return Map.copyOf(shapes);
    }

    private static Shape shape(String file, JsonNode schema, Map<String, JsonNode> documents, int depth) {
        if (depth > 32) {
            throw new IllegalStateException("schema references nest too deep in " + file);
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String target = ref.asString();
            int hash = target.indexOf('#');
            String targetFile = hash == 0 ? file : target.substring(0, hash < 0 ? target.length() : hash);
            JsonNode document = document(documents, targetFile);
            JsonNode resolved = hash < 0 ? document : document.at(target.substring(hash + 1));
            if (resolved.isMissingNode()) {
                throw new IllegalStateException("unresolvable $ref " + target + " in " + file);
            }
            return shape(targetFile, resolved, documents, depth + 1);
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        Map<String, Shape> properties = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(property ->
                properties.put(property.getKey(), shape(file, property.getValue(), documents, depth + 1)));
        JsonNode items = schema.get("items");
        JsonNode type = schema.get("type");
        boolean object = type != null && "object".equals(type.asString()) || !required.isEmpty() || !properties.isEmpty();
        return new Shape(object, List.copyOf(required), Map.copyOf(properties),
                items == null ? null : shape(file, items, documents, depth + 1));
    }

    private static JsonNode document(Map<String, JsonNode> documents, String file) {
        return documents.computeIfAbsent(file, name -> {
            try (InputStream in = RequiredFields.class.getClassLoader().getResourceAsStream(SCHEMAS + name)) {
                if (in == null) {
                    throw new IllegalStateException("no schema " + SCHEMAS + name + " on the classpath");
                }
                return ReklameJson.mapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private RequiredFields() {
    }
}
