package id.reklame.worker.tax;

import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reklame;
import id.reklame.contracts.model.TaxBreakdown;
import id.reklame.worker.assessment.Assessor;
import id.reklame.worker.reference.ReferenceBook;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The public tax estimate: the same computation as an assessment, with nothing allocated or stored. */
@RestController
class TaxEstimateController {

    record EstimateRequest(@NotNull @Valid Reklame reklame, @NotNull @Valid Location location,
                           @NotNull @Valid Period period) {
    }

    private final ReferenceBook reference;

    TaxEstimateController(ReferenceBook reference) {
        this.reference = reference;
    }

    @PostMapping(path = "/api/v1/tax-estimates", consumes = MediaType.APPLICATION_JSON_VALUE)
    TaxBreakdown estimate(@Valid @RequestBody EstimateRequest request) {
        return new Assessor(reference.current()).tax(request.reklame(), request.location(), request.period());
    }

    @ExceptionHandler(Assessor.NoTariffException.class)
    ProblemDetail noTariff(Assessor.NoTariffException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("No tariff applies");
        return problem;
    }
}
