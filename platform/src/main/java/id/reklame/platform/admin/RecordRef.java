package id.reklame.platform.admin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One record of a topic, written {@code <topic>:<partition>@<offset>} (a colon never occurs in a topic name). */
public record RecordRef(String topic, int partition, long offset) {

    private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9._-]+):(\\d+)@(\\d+)");

    public static RecordRef parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not <topic>:<partition>@<offset>");
        }
        return new RecordRef(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
    }

    @Override
    public String toString() {
        return topic + ":" + partition + "@" + offset;
    }
}
