package id.reklame.worker.placement;

import id.reklame.contracts.model.Placement;
import id.reklame.contracts.model.ProductCategory;
import java.util.Optional;

/** Tobacco and alcohol may be advertised indoors only. */
public final class ProductProhibited implements PlacementRule {

    public static final String CODE = "PRODUCT_PROHIBITED";

    @Override
    public Optional<Violation> check(Candidate candidate) {
        var reklame = candidate.form().reklame();
        if (reklame.productCategory() != ProductCategory.GENERAL && reklame.placement() == Placement.OUTDOOR) {
            return Optional.of(new Violation(CODE, Violation.Outcome.REJECTED,
                    reklame.productCategory() + " may not be advertised outdoors"));
        }
        return Optional.empty();
    }
}
