package id.reklame.worker.placement;

import id.reklame.contracts.model.RoadClass;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** One face (width × height) may not be larger than the road class allows. */
public final class SizeExceeded implements PlacementRule {

    public static final String CODE = "SIZE_EXCEEDED";

    private final Map<RoadClass, BigDecimal> maxFaceM2;

    public SizeExceeded(Map<RoadClass, BigDecimal> maxFaceM2) {
        this.maxFaceM2 = Map.copyOf(maxFaceM2);
    }

    @Override
    public Optional<Violation> check(Candidate candidate) {
        var reklame = candidate.form().reklame();
        RoadClass roadClass = candidate.form().location().roadClass();
        BigDecimal face = reklame.widthM().multiply(reklame.heightM());
        BigDecimal limit = maxFaceM2.get(roadClass);
        if (limit != null && face.compareTo(limit) > 0) {
            return Optional.of(new Violation(CODE, Violation.Outcome.REVISION_REQUIRED,
                    "one face is %s m², a %s road allows at most %s m²".formatted(face.stripTrailingZeros().toPlainString(),
                            roadClass, limit.stripTrailingZeros().toPlainString())));
        }
        return Optional.empty();
    }
}
