package id.reklame.worker.reference;

import id.reklame.contracts.model.ReklameType;
import id.reklame.contracts.model.RoadClass;
import java.time.LocalDate;

/** NSR (nilai sewa reklame) in Rp per m² per day for one type on one road class, from a day on. */
public record Tariff(ReklameType type, RoadClass roadClass, LocalDate effectiveFrom, long nsr) {
}
