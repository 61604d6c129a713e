package id.reklame.worker.placement;

import java.util.TreeSet;
import java.util.SortedSet;

/**
 * A grid over the map, to find and lock neighbours without scanning everything: cells of 0.0002°
 * (about 22 m north-south, at least 21 m east-west in Indonesia's latitudes). Two sites within
 * {@link #RADIUS_M} of each other always share a cell in their {@link #around} sets, so deciding
 * under locks on those cells serialises exactly the decisions that could conflict.
 */
public final class SiteCells {

    public static final double RADIUS_M = 10;
    static final double CELL_DEGREES = 0.0002;
    /** Widens the search box a little, so rounding can never drop a neighbour at the edge. */
    private static final double MARGIN = 1.01;
    /** Keeps these keys apart from any other advisory lock taken on the same database. */
    private static final long NAMESPACE = 0x5254L << 48;
    private static final long OFFSET = 1L << 23;

    /** The cell a site lies in. */
    public static long cellOf(Site site) {
        return key(lat(site.latitude()), lon(site.longitude()));
    }

    /** Every cell that a circle of {@link #RADIUS_M} around the site touches, in ascending order. */
    public static SortedSet<Long> around(Site site) {
        double dLat = Math.toDegrees(RADIUS_M / Site.EARTH_RADIUS_M) * MARGIN;
        double cos = Math.max(Math.cos(Math.toRadians(Math.min(89, Math.abs(site.latitude())) + dLat)), 1e-6);
        double dLon = dLat / cos;
        SortedSet<Long> cells = new TreeSet<>();
        for (long la = lat(site.latitude() - dLat); la <= lat(site.latitude() + dLat); la++) {
            for (long lo = lon(site.longitude() - dLon); lo <= lon(site.longitude() + dLon); lo++) {
                cells.add(key(la, lo));
            }
        }
        return cells;
    }

    private static long lat(double latitude) {
        return (long) Math.floor(latitude / CELL_DEGREES);
    }

    private static long lon(double longitude) {
        return (long) Math.floor(longitude / CELL_DEGREES);
    }

    // 24 bits for each axis: ±90° and ±180° are ±450,000 and ±900,000 cells, well inside ±2^23
    private static long key(long latCell, long lonCell) {
        return NAMESPACE | (latCell + OFFSET) << 24 | (lonCell + OFFSET);
    }

    private SiteCells() {
    }
}
