package id.reklame.worker.reference;

import id.reklame.contracts.model.ReklameType;
import id.reklame.contracts.model.RoadClass;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One consistent snapshot of the worker's reference data: tariffs, prohibited zones and size limits. */
public record ReferenceData(List<Tariff> tariffs, List<ProhibitedZone> zones, Map<RoadClass, BigDecimal> maxFaceM2) {

    public ReferenceData {
        tariffs = tariffs.stream().sorted(Comparator.comparing(Tariff::effectiveFrom).reversed()).toList();
        zones = List.copyOf(zones);
        maxFaceM2 = Map.copyOf(maxFaceM2);
    }

    /**
     * The NSR in force on the first day of the period: a tariff that takes effect later never changes
     * the tax of an application whose period began before it.
     */
    public Optional<Long> nsr(ReklameType type, RoadClass roadClass, LocalDate periodStart) {
        return tariffs.stream()
                .filter(t -> t.type() == type && t.roadClass() == roadClass && !t.effectiveFrom().isAfter(periodStart))
                .findFirst()
                .map(Tariff::nsr);
    }

    /** The largest face a road class allows; absent when the reference data sets no limit for it. */
    public Optional<BigDecimal> maxFaceM2(RoadClass roadClass) {
        return Optional.ofNullable(maxFaceM2.get(roadClass));
    }
}
