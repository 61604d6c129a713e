package id.reklame.worker.placement;

import java.math.BigDecimal;

/** A point on the ground, in degrees. */
public record Site(double latitude, double longitude) {

    /** Mean Earth radius (IUGG), as domain.md prescribes for every distance. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    public static Site of(BigDecimal latitude, BigDecimal longitude) {
        return new Site(latitude.doubleValue(), longitude.doubleValue());
    }

    /** Great-circle distance (haversine, which stays accurate at a few metres). */
    public double metresTo(Site other) {
        double phi1 = Math.toRadians(latitude);
        double phi2 = Math.toRadians(other.latitude);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(other.longitude - longitude);
        double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
