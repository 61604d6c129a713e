package id.reklame.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deterministic corpus of request bodies an endpoint must refuse, built from one valid body: malformed,
 * truncated, oversized and deeply nested JSON, wrong types, huge numbers, control characters, text a
 * database cannot store, and injection strings where the field has a format. Every case is invalid for a
 * strict endpoint; none is merely unusual (free text that happens to look like SQL is valid text).
 */
public final class HostileJson {

    /** One request body and the content type it is sent with. */
    public record Case(String name, byte[] body, String contentType) {

        Case(String name, String body) {
            this(name, body.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Strings that try to escape into SQL, markup, templates, paths, JNDI or the log. */
    public static final List<String> INJECTIONS = List.of("' OR '1'='1", "1; DROP TABLE event_store; --",
            "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "../../../../etc/passwd",
            "%00", "line\r\nX-Injected: 1", "$(reboot)", "\"; rm -rf / #");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private HostileJson() {
    }

    /**
     * The corpus for {@code validJson}; {@code formatted} are the dotted paths of string fields with a format
     * (enums, dates, identifiers), which get the injection strings. {@code seed} fixes the random mutations.
     */
    public static List<Case> corpus(String validJson, Set<String> formatted, long seed) {
        JsonNode valid = MAPPER.readTree(validJson);
        String compact = MAPPER.writeValueAsString(valid);
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();

        // truncated: every strict prefix of the compact form is broken JSON (the empty one is no body)
        Set<Integer> cuts = new LinkedHashSet<>();
        for (int i = 0; i < 40; i++) {
            cuts.add(compact.length() * i / 40);
        }
        while (cuts.size() < Math.min(80, compact.length())) {
            cuts.add(random.nextInt(compact.length()));
        }
        cuts.forEach(cut -> cases.add(new Case("truncated at " + cut, compact.substring(0, cut))));

        // malformed: a structural character outside strings swapped for another, or dropped
        List<Integer> structural = structuralPositions(compact);
        String swaps = "{}[]:,\"";
        for (int i = 0; i < 120; i++) {
            int at = structural.get(random.nextInt(structural.size()));
            char was = compact.charAt(at);
            String mutated;
            if (random.nextInt(4) == 0) {
                mutated = compact.substring(0, at) + compact.substring(at + 1);
            } else {
                char now;
                do {
                    now = swaps.charAt(random.nextInt(swaps.length()));
                } while (now == was);
                mutated = compact.substring(0, at) + now + compact.substring(at + 1);
            }
            cases.add(new Case("malformed at " + at + " (" + was + ")", mutated));
        }
        cases.add(new Case("trailing garbage", compact + "}"));
        cases.add(new Case("two documents", compact + compact));
        cases.add(new Case("single quotes", compact.replace('"', '\'')));
        cases.add(new Case("comment", "/* hello */" + compact));
        changed(cases, "NaN literal", compact, compact.replaceFirst(":(-?\\d+(\\.\\d+)?)([,}])", ":NaN$3"));
        changed(cases, "Infinity literal", compact, compact.replaceFirst(":(-?\\d+(\\.\\d+)?)([,}])", ":Infinity$3"));
        changed(cases, "raw control character in a string", compact, compact.replaceFirst("\":\"", "\":\"\u0001"));
        cases.add(new Case("invalid UTF-8", concat(compact.substring(0, compact.length() / 2).getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE},
                compact.substring(compact.length() / 2).getBytes(StandardCharsets.UTF_8)), "application/json"));
        cases.add(new Case("as text/plain", compact.getBytes(StandardCharsets.UTF_8), "text/plain"));
        cases.add(new Case("as form data", "a=1&b=2".getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded"));
        cases.add(new Case("as XML", "<application/>".getBytes(StandardCharsets.US_ASCII), "application/xml"));

        // not an object at all
        for (String other : List.of("null", "[]", "[" + compact + "]", "\"" + "x".repeat(10) + "\"", "42", "true", "{}")) {
            cases.add(new Case("top level " + abbreviate(other), other));
        }

        // deeply nested and oversized
        cases.add(new Case("nested arrays 2000 deep", "[".repeat(2000) + "]".repeat(2000)));
        cases.add(new Case("nested objects 2000 deep", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)));
        cases.add(new Case("nested 30000 deep, unclosed", "[".repeat(30_000)));
        String firstField = valid.propertyNames().iterator().next();
        cases.add(new Case("nested 1500 deep in a field", replaced(valid, firstField, "[".repeat(1500) + "]".repeat(1500))));
        cases.add(new Case("a 100 KB string", replaced(valid, firstField, "\"" + "x".repeat(100_000) + "\"")));
        StringBuilder huge = new StringBuilder("[0");
        for (int i = 1; i < 30_000; i++) {
            huge.append(',').append(i);
        }
        cases.add(new Case("an array of 30000 numbers", replaced(valid, firstField, huge.append(']').toString())));
        cases.add(new Case("an unknown field", with(valid, node -> ((ObjectNode) node).put("isAdmin", true))));

        // every leaf of the wrong type, a huge number, or text a database cannot store
        leaves(valid, "", (path, leaf) -> {
            for (String wrong : List.of("{}", "[]", "[" + leaf + "]", "{\"value\":" + leaf + "}")) {
                cases.add(new Case(path + " = " + abbreviate(wrong), replaced(valid, path, wrong)));
            }
            if (leaf.isNumber()) {
                for (String number : List.of("1e400", "-1e400", "123456789012345678901234567890", "\"abc\"", "true")) {
                    cases.add(new Case(path + " = " + number, replaced(valid, path, number)));
                }
            }
            if (leaf.isString()) {
                // escaped in the JSON: valid JSON text that PostgreSQL cannot store (NUL, unpaired surrogates)
                for (String text : List.of("a\\u0000b", "x\\ud800y", "\\udfff")) {
                    cases.add(new Case(path + " with unstorable text " + text, replaced(valid, path, "\"" + text + "\"")));
                }
                if (formatted.contains(path)) {
                    for (String injection : INJECTIONS) {
                        cases.add(new Case(path + " = " + abbreviate(injection), replaced(valid, path,
                                MAPPER.writeValueAsString(injection))));
                    }
                }
            }
        });
        return cases;
    }

    /** Positions of the characters that give the JSON its structure (not those inside strings). */
    private static List<Integer> structuralPositions(String json) {
        List<Integer> positions = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    positions.add(i);
                }
            } else if ("{}[]:,\"".indexOf(c) >= 0) {
                positions.add(i);
                inString = c == '"';
            }
        }
        return positions;
    }

    private interface LeafVisitor {
        void visit(String path, JsonNode leaf);
    }

    private static void leaves(JsonNode node, String path, LeafVisitor visitor) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                leaves(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), visitor);
            }
        } else {
            visitor.visit(path, node);
        }
    }

    /** The document with the value at a dotted path replaced by raw JSON text (which may be anything). */
    private static String replaced(JsonNode document, String path, String rawJson) {
        String marker = "@@hostile-value@@";
        String[] names = path.split("\\.");
        String json = with(document, copy -> {
            JsonNode parent = copy;
            for (int i = 0; i < names.length - 1; i++) {
                parent = parent.get(names[i]);
            }
            ((ObjectNode) parent).put(names[names.length - 1], marker);
        });
        return json.replace("\"" + marker + "\"", rawJson);
    }

    private static void changed(List<Case> cases, String name, String original, String mutated) {
        if (!mutated.equals(original)) {
            cases.add(new Case(name, mutated));
        }
    }

    private static String with(JsonNode document, Consumer<JsonNode> change) {
        JsonNode copy = document.deepCopy();
        change.accept(copy);
        return MAPPER.writeValueAsString(copy);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
