package id.reklame.command.handling;

import java.util.regex.Pattern;

/** The caller's W3C trace context, kept with the events a request causes when it is well formed. */
public final class Traceparent {

    public static final String HEADER = "traceparent";

    private static final Pattern WELL_FORMED = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    public static String of(String header) {
        return header != null && WELL_FORMED.matcher(header).matches() ? header : null;
    }

    private Traceparent() {
    }
}
