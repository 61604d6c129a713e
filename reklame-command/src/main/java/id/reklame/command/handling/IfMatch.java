package id.reklame.command.handling;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version named by an {@code If-Match} header: {@code "3"}, the ETag a response carried. */
public final class IfMatch {

    private static final Pattern VERSION = Pattern.compile("\\s*\"(\\d{1,18})\"\\s*");

    /** Empty when the header is absent or {@code *} (any version); a 400 when it is neither nor a version. */
    public static OptionalLong version(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher matcher = VERSION.matcher(header);
        if (!matcher.matches()) {
            throw CommandProblems.badRequest("If-Match", "must be the version in quotes, e.g. \"1\"");
        }
        return OptionalLong.of(Long.parseLong(matcher.group(1)));
    }

    /** Like {@link #version}, but a missing header is a 428. */
    public static long requiredVersion(String header) {
        return version(header).orElseThrow(CommandProblems::versionRequired);
    }

    private IfMatch() {
    }
}
