package id.reklame.query.projection;

import java.util.regex.Pattern;

/**
 * The schema a batch of records is applied to: the live read models, or the ones a rebuild is
 * building beside them. Tables are addressed through the search path, so one set of SQL serves both.
 *
 * @param exclusive each partition has exactly one writer and the tables need not survive a crash
 *                  (a rebuild starts over): no row locks, no waiting for the commit to reach the disk,
 *                  and the writer may keep the views it wrote in memory
 */
public record ProjectionTarget(String name, String schema, boolean exclusive) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public ProjectionTarget {
        // the schema is spliced into SQL: only a plain identifier is allowed
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
    }

    public static ProjectionTarget live(String schema) {
        return new ProjectionTarget("live", schema, false);
    }

    public static ProjectionTarget rebuild(String schema) {
        return new ProjectionTarget("rebuild", schema, true);
    }
}
