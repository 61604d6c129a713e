package id.reklame.query.rebuild;

import java.time.Instant;

/**
 * Where a rebuild of the read models stands.
 *
 * @param state           IDLE (none since this process started), RUNNING, COMPLETED or FAILED
 * @param phase           while running: PREPARING, REPLAYING (reading the topic into new tables),
 *                        SWITCHING (catching up with the live read models and replacing them)
 * @param runningElsewhere a rebuild holds the lock in another process (another instance, or an admin process)
 * @param eventsDone      records read and applied (or found to be applied already) so far
 * @param eventsTotal     records between the beginning of the topic and its current end
 * @param percent         share of the current end offsets reached, 0 to 100
 * @param eventsPerSecond recent rate
 * @param etaSeconds      estimated time left at the recent rate; null when unknown
 * @param setAside        records that can never be applied (the live projection dead-lettered them too)
 */
public record RebuildProgress(String state, String phase, boolean runningElsewhere, Instant startedAt,
                              Instant finishedAt, long eventsDone, long eventsTotal, double percent,
                              double eventsPerSecond, Long etaSeconds, long setAside, String message) {

    static RebuildProgress idle() {
        return new RebuildProgress("IDLE", null, false, null, null, 0, 0, 0, 0, null, 0, null);
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }
}
