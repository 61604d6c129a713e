package id.reklame.worker.tax;

import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.TaxBreakdown;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The public tax estimate: the same computation as an assessment, with nothing allocated or stored. */
@RestController
class TaxEstimateController {

    record EstimateRequest(@NotNull @Valid Reklame reklame, @NotNull @Valid Location location,
                           @NotNull @Valid Period period) {
    }

    private final TariffBook tariffs;

    TaxEstimateController(TariffBook tariffs) {
        this.tariffs = tariffs;
    }

    @PostMapping(path = "/api/v1/tax-estimates", consumes = MediaType.APPLICATION_JSON_VALUE)
    TaxBreakdown estimate(@Valid @RequestBody EstimateRequest request) {
        long nsr = tariffs.nsr(request.reklame().type(), request.location().roadClass(), request.period().startDate());
        return TaxCalculator.compute(request.reklame(), request.period(), nsr);
    }
}
