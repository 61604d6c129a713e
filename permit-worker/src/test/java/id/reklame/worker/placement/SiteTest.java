package id.reklame.worker.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SiteTest {

    @Test
    void oneDegreeOfLatitudeIsAMeanEarthRadiusArc() {
        double expected = 2 * Math.PI * Site.EARTH_RADIUS_M / 360; // 111,195.08 m
        assertThat(new Site(-7, 112).metresTo(new Site(-8, 112))).isCloseTo(expected, within(0.01));
    }

    @Test
    void distanceAtMetreScaleMatchesTheFlatApproximation() {
        Site a = new Site(-7.2756, 112.7395);
        Site b = new Site(-7.2756, 112.7396); // 0.0001° of longitude at 7.3° S
        double flat = Math.toRadians(0.0001) * Math.cos(Math.toRadians(7.2756)) * Site.EARTH_RADIUS_M;
        assertThat(a.metresTo(b)).isCloseTo(flat, within(0.001)).isEqualTo(b.metresTo(a));
    }

    /** Property: any two sites within 10 m lock a common cell, wherever they are in the bounds of domain.md. */
    @Test
    void sitesWithinTenMetresAlwaysShareALockedCell() {
        long seed = Long.getLong("reklame.test.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            Site a = new Site(-11 + 17 * random.nextDouble(), 95 + 46 * random.nextDouble());
            double bearing = random.nextDouble() * 2 * Math.PI;
            double metres = random.nextDouble() * SiteCells.RADIUS_M;
            double dLat = Math.toDegrees(metres * Math.cos(bearing) / Site.EARTH_RADIUS_M);
            double dLon = Math.toDegrees(metres * Math.sin(bearing) / Site.EARTH_RADIUS_M) / Math.cos(Math.toRadians(a.latitude()));
            Site b = new Site(a.latitude() + dLat, a.longitude() + dLon);
            if (a.metresTo(b) > SiteCells.RADIUS_M) {
                continue;
            }
            SortedSet<Long> shared = new TreeSet<>(SiteCells.around(a));
            shared.retainAll(SiteCells.around(b));
            assertThat(shared).as("seed %d: %s and %s, %.3f m apart", seed, a, b, a.metresTo(b))
                    .isNotEmpty()
                    .contains(SiteCells.cellOf(a), SiteCells.cellOf(b));
        }
    }

    @Test
    void aCircleTouchesAtMostFourCells() {
        assertThat(SiteCells.around(new Site(-7.2756, 112.7395))).hasSizeBetween(1, 4);
        assertThat(SiteCells.around(new Site(-7.27559, 112.73959))).hasSizeBetween(1, 4);
    }
}
