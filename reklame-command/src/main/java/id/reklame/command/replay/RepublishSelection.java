package id.reklame.command.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which part of the event store to republish: everything, one application's stream, a range of
 * store positions, or a range of times the events occurred at ({@code from} inclusive, {@code to}
 * exclusive). Events always go out in store order, so each application's stay in version order.
 */
public sealed interface RepublishSelection {

    record Everything() implements RepublishSelection {
    }

    record OneApplication(UUID applicationId) implements RepublishSelection {
    }

    /** Both ends inclusive. */
    record Positions(long from, long to) implements RepublishSelection {
    }

    record Times(Instant from, Instant to) implements RepublishSelection {
    }

    /** What the operator asked for, and whether only to count. */
    record Request(RepublishSelection selection, boolean dryRun, List<String> settings) {
    }

    /**
     * Reads the admin process's arguments; {@code --name=value} settings with a dot in the name go to
     * Spring, as for the service itself.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Request parse(String[] args) {
        boolean all = false;
        boolean dryRun = false;
        UUID application = null;
        Long fromPosition = null;
        Long toPosition = null;
        Instant fromTime = null;
        Instant toTime = null;
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String[] split = arg.split("=", 2);
            String name = split[0];
            if (name.startsWith("--") && name.contains(".") && split.length == 2) {
                settings.add(arg);
                continue;
            }
            String value = split.length == 2 ? split[1] : null;
            switch (name) {
                case "--all" -> all = true;
                case "--dry-run" -> dryRun = true;
                case "--application" -> application = uuid(value != null ? value : next(args, ++i, name));
                case "--from-position" -> fromPosition = number(value != null ? value : next(args, ++i, name), name);
                case "--to-position" -> toPosition = number(value != null ? value : next(args, ++i, name), name);
                case "--from-time" -> fromTime = instant(value != null ? value : next(args, ++i, name), name);
                case "--to-time" -> toTime = instant(value != null ? value : next(args, ++i, name), name);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        int kinds = (all ? 1 : 0) + (application != null ? 1 : 0)
                + (fromPosition != null || toPosition != null ? 1 : 0) + (fromTime != null || toTime != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException(
                    "choose exactly one of --all, --application, --from-position/--to-position, --from-time/--to-time");
        }
        RepublishSelection selection;
        if (all) {
            selection = new Everything();
        } else if (application != null) {
            selection = new OneApplication(application);
        } else if (fromPosition != null || toPosition != null) {
            selection = new Positions(fromPosition == null ? 1 : fromPosition, toPosition == null ? Long.MAX_VALUE : toPosition);
            if (((Positions) selection).from() > ((Positions) selection).to()) {
                throw new IllegalArgumentException("--from-position is after --to-position");
            }
        } else {
            selection = new Times(fromTime == null ? Instant.EPOCH : fromTime,
                    toTime == null ? Instant.parse("9999-12-31T00:00:00Z") : toTime);
            if (!((Times) selection).from().isBefore(((Times) selection).to())) {
                throw new IllegalArgumentException("--from-time is not before --to-time");
            }
        }
        return new Request(selection, dryRun, List.copyOf(settings));
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--application needs an application id (a UUID), not '" + value + "'");
        }
    }

    private static long number(String value, String name) {
        try {
            long number = Long.parseLong(value);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a store position (1 or more), not '" + value + "'");
        }
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " needs an instant like 2027-01-31T00:00:00Z, not '" + value + "'");
        }
    }
}
