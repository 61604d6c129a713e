package id.reklame.query.permit;

import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.ReklameType;
import id.reklame.contracts.model.RoadClass;
import id.reklame.platform.web.ProblemDetailsAdvice.FieldProblem;
import id.reklame.query.view.ApplicationView;
import id.reklame.query.view.ApplicationViews;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public permit verification, as the QR sticker on a billboard links to: whether the permit is
 * real and what it allows, and nothing about who holds it.
 */
@RestController
class PermitVerificationController {

    private static final Pattern PERMIT_NUMBER = Pattern.compile("IPR-RKL/\\d{4}/\\d{6}");
    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    /** {@code valid}: issued, and today (Asia/Jakarta) within its validity. */
    record PermitVerification(String permitNumber, String status, boolean valid, LocalDate validFrom,
                              LocalDate validTo, ReklameType type, Size size, Site location) {
    }

    record Size(BigDecimal widthM, BigDecimal heightM, int sides, int units) {
    }

    record Site(String address, String district, RoadClass roadClass, BigDecimal latitude, BigDecimal longitude) {
    }

    private final ApplicationViews views;
    private final Clock clock = Clock.system(JAKARTA);

    PermitVerificationController(ApplicationViews views) {
        this.views = views;
    }

    /** The number has slashes in it ({@code IPR-RKL/2027/000001}), so it takes the rest of the path. */
    @GetMapping("/api/v1/permits/{*permitNumber}")
    PermitVerification verify(@PathVariable String permitNumber) {
        String number = permitNumber.startsWith("/") ? permitNumber.substring(1) : permitNumber;
        if (!PERMIT_NUMBER.matcher(number).matches()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "A permit number looks like IPR-RKL/2027/000001");
            problem.setTitle("Invalid request");
            problem.setProperty("errors", List.of(new FieldProblem("permitNumber", "must match IPR-RKL/<year>/<6 digits>")));
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        ApplicationView view = views.findByPermitNumber(number).orElseThrow(() -> new ErrorResponseException(
                HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No permit " + number), null));
        ApplicationView.Permit permit = view.permit();
        LocalDate today = LocalDate.now(clock);
        boolean valid = "ISSUED".equals(view.status()) && !today.isBefore(permit.validFrom())
                && !today.isAfter(permit.validTo());
        Location location = view.location();
        return new PermitVerification(permit.permitNumber(), view.status(), valid, permit.validFrom(),
                permit.validTo(), view.reklame().type(),
                new Size(view.reklame().widthM(), view.reklame().heightM(), view.reklame().sides(), view.reklame().units()),
                new Site(location.address(), location.district(), location.roadClass(), location.latitude(),
                        location.longitude()));
    }
}
