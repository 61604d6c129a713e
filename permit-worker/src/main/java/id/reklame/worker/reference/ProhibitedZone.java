package id.reklame.worker.reference;

import id.reklame.worker.placement.Site;

/** Kawasan larangan: no advertisement may stand within {@code radiusM} of its centre. */
public record ProhibitedZone(String id, String kind, Site centre, double radiusM) {
}
