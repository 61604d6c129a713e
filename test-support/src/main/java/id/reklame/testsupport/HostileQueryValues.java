package id.reklame.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic hostile values for query parameters and path segments, the way {@link HostileJson} is for
 * request bodies: numbers a parameter cannot hold, ids that are no UUID, control characters, text a database
 * cannot store, percent-encoded garbage, injection strings and overlong values. {@link #encoded} makes a
 * value safe to put in a URI (the percent-encoded ones are already URI text and are sent as they are).
 */
public final class HostileQueryValues {

    /** A value and whether it is already URI text (percent-encoded garbage) rather than text to encode. */
    public record Value(String name, String text, boolean raw) {

        /** The value as it goes into a URI: percent-encoded, unless it is raw URI text already. */
        public String encoded() {
            return raw ? text : URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileQueryValues() {
    }

    /** Not whole numbers, or whole numbers no int or long holds, or negative ones. */
    public static List<Value> numbers() {
        List<Value> values = new ArrayList<>();
        for (String number : List.of("-1", "-2147483648", "-2147483649", "2147483647", "2147483648",
                "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(40),
                "9".repeat(400), "1e3", "1.5", "0x10", "NaN", "Infinity", "-0.0", "--1", "1;1", "1,2", "١٢",
                "", " ", "abc", "true", "null", "[]", "{}")) {
            values.add(new Value("number " + abbreviate(number), number, false));
        }
        return values;
    }

    /** Path segments that are no UUID (some only nearly). */
    public static List<String> nonUuids() {
        return List.of("not-a-uuid", "1", "-1", "00000000-0000-0000-0000-00000000000g",
                "00000000-0000-0000-0000-0000000000000", "00000000000000000000000000000000x", "{" + "0".repeat(32) + "}",
                "9".repeat(400), "null", "undefined", "ffffffff-ffff-ffff-ffff-ffffffffffff-1");
    }

    /**
     * Text for free-text and enum parameters: injections, control characters, NUL, unusual Unicode,
     * overlong text and percent-encoded garbage.
     */
    public static List<Value> text() {
        List<Value> values = new ArrayList<>();
        HostileJson.INJECTIONS.forEach(injection -> values.add(new Value("injection " + abbreviate(injection),
                injection, false)));
        values.add(new Value("NUL", "a\u0000b", false));
        values.add(new Value("control characters", "\u0001\u0002\u001b[31m\u007f", false));
        values.add(new Value("CR LF", "x\r\ny", false));
        values.add(new Value("tab", "\t", false));
        values.add(new Value("right-to-left override", "\u202etxt.exe", false));
        values.add(new Value("emoji", "\uD83D\uDE00", false));
        values.add(new Value("blank", "   ", false));
        values.add(new Value("empty", "", false));
        values.add(new Value("101 characters", "x".repeat(101), false));
        values.add(new Value("10000 characters", "x".repeat(10_000), false));
        values.add(new Value("lower-case", "issued", false));
        values.add(new Value("wildcard", "%", false));
        values.add(new Value("LIKE pattern", "_%_", false));
        values.add(new Value("regex", ".*", false));
        values.add(new Value("percent-encoded NUL", "%00", true));
        values.add(new Value("percent-encoded invalid UTF-8", "%C3%28", true));
        values.add(new Value("percent-encoded bytes FF FE", "%FF%FE", true));
        values.add(new Value("percent-encoded overlong slash", "%C0%AF", true));
        values.add(new Value("percent-encoded surrogate half", "%ED%A0%80", true));
        values.add(new Value("percent-encoded percent", "%25", true));
        values.add(new Value("doubly percent-encoded NUL", "%2500", true));
        return values;
    }

    private static String abbreviate(String text) {
        return text.length() <= 30 ? text : text.substring(0, 27) + "...";
    }
}
