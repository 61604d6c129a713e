package id.reklame.worker.placement;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.model.*;
import id.reklame.worker.Fixtures;
import id.reklame.worker.reference.ProhibitedZone;
import id.reklame.worker.reference.ReferenceData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlacementRulesTest {

    private static final LocalDate SUBMITTED_ON = LocalDate.of(2027, 1, 10);
    private static final ReferenceData REFERENCE = new ReferenceData(List.of(),
            List.of(new ProhibitedZone("Z-SCH-01", "school", new Site(-7.265, 112.75), 100)),
            Map.of(RoadClass.PROTOCOL, new BigDecimal("48"), RoadClass.LOCAL, new BigDecimal("12")));
    private static final PlacementRules RULES = PlacementRules.of(REFERENCE);

    private static ApplicationForm form(Reklame reklame, Location location, Period period) {
        ApplicationForm base = Fixtures.dkiForm();
        return new ApplicationForm(base.applicant(), reklame == null ? base.reklame() : reklame,
                location == null ? base.location() : location, period == null ? base.period() : period);
    }

    private static Reklame reklame(ProductCategory product, Placement placement, String width, String height) {
        return new Reklame(ReklameType.BILLBOARD, "x", product, placement, new BigDecimal(width), new BigDecimal(height),
                1, 1, null);
    }

    private static Location at(double latitude, double longitude, RoadClass roadClass) {
        return new Location("Jl. Tunjungan", "Genteng", roadClass, BigDecimal.valueOf(latitude), BigDecimal.valueOf(longitude));
    }

    private static PlacementRules.Verdict check(ApplicationForm form, Occupant... nearby) {
        return RULES.check(new Candidate(UUID.randomUUID(), form, SUBMITTED_ON, List.of(nearby)));
    }

    private static List<String> codes(PlacementRules.Verdict verdict) {
        return ((PlacementRules.Failed) verdict).violations().stream().map(Violation::code).toList();
    }

    @Test
    void theDkiExampleOnAFreeSitePassesEveryRule() {
        assertThat(check(Fixtures.dkiForm())).isInstanceOf(PlacementRules.Passed.class);
    }

    @Test
    void tobaccoOutdoorsIsRejectedButIndoorsIsAllowed() {
        var outdoor = check(form(reklame(ProductCategory.TOBACCO, Placement.OUTDOOR, "2", "4"), null, null));
        var indoor = check(form(reklame(ProductCategory.ALCOHOL, Placement.INDOOR, "2", "4"), null, null));

        assertThat(codes(outdoor)).containsExactly(ProductProhibited.CODE);
        assertThat(((PlacementRules.Failed) outdoor).outcome()).isEqualTo(Violation.Outcome.REJECTED);
        assertThat(indoor).isInstanceOf(PlacementRules.Passed.class);
    }

    @Test
    void insideAZoneRadiusIsRejectedAndJustOutsideIsNot() {
        // 0.0008° of latitude is 89 m, 0.001° is 111 m
        assertThat(codes(check(form(null, at(-7.2658, 112.75, RoadClass.PROTOCOL), null)))).containsExactly(InProhibitedZone.CODE);
        assertThat(check(form(null, at(-7.2640, 112.75, RoadClass.PROTOCOL), null))).isInstanceOf(PlacementRules.Passed.class);
    }

    @Test
    void anOccupiedSiteWithinTenMetresForAnOverlappingPeriodIsRejected() {
        ApplicationForm form = Fixtures.dkiForm(-7.2756, 112.7395);
        Period period = form.period();
        // 0.00008° of latitude is 8.9 m; 0.0001° is 11.1 m
        Occupant close = new Occupant(UUID.randomUUID(), new Site(-7.27568, 112.7395), period.endDate(), period.endDate().plusDays(9));
        Occupant farther = new Occupant(UUID.randomUUID(), new Site(-7.2757, 112.7395), period.startDate(), period.endDate());
        Occupant before = new Occupant(UUID.randomUUID(), new Site(-7.2756, 112.7395), period.startDate().minusDays(30),
                period.startDate().minusDays(1));

        assertThat(codes(check(form, close))).containsExactly(SiteOccupied.CODE);
        assertThat(check(form, farther, before)).isInstanceOf(PlacementRules.Passed.class);
    }

    @Test
    void anApplicationDoesNotOccupyItsOwnSite() {
        UUID id = UUID.randomUUID();
        ApplicationForm form = Fixtures.dkiForm();
        var self = new Occupant(id, Site.of(form.location().latitude(), form.location().longitude()),
                form.period().startDate(), form.period().endDate());

        assertThat(RULES.check(new Candidate(id, form, SUBMITTED_ON, List.of(self)))).isInstanceOf(PlacementRules.Passed.class);
    }

    @Test
    void aFaceLargerThanTheRoadClassAllowsNeedsRevision() {
        var onLocalRoad = check(form(reklame(ProductCategory.GENERAL, Placement.OUTDOOR, "3", "4.01"),
                at(-7.2756, 112.7395, RoadClass.LOCAL), null));
        var exactlyTheLimit = check(form(reklame(ProductCategory.GENERAL, Placement.OUTDOOR, "3", "4"),
                at(-7.2756, 112.7395, RoadClass.LOCAL), null));

        assertThat(codes(onLocalRoad)).containsExactly(SizeExceeded.CODE);
        assertThat(((PlacementRules.Failed) onLocalRoad).outcome()).isEqualTo(Violation.Outcome.REVISION_REQUIRED);
        assertThat(exactlyTheLimit).isInstanceOf(PlacementRules.Passed.class);
    }

    @Test
    void aPeriodStartingBeforeTheDayOfSubmissionOrLongerThan365DaysNeedsRevision() {
        var early = check(form(null, null, new Period(SUBMITTED_ON.minusDays(1), SUBMITTED_ON.plusDays(10))));
        var sameDay = check(form(null, null, new Period(SUBMITTED_ON, SUBMITTED_ON.plusDays(364))));
        var tooLong = check(form(null, null, new Period(SUBMITTED_ON, SUBMITTED_ON.plusDays(365))));

        assertThat(codes(early)).containsExactly(PeriodInvalid.CODE);
        assertThat(sameDay).isInstanceOf(PlacementRules.Passed.class);
        assertThat(((PlacementRules.Failed) tooLong).violations().getFirst().message()).contains("366 days");
    }

    @Test
    void everyFailingRuleIsReportedAndRejectionWinsOverRevision() {
        var verdict = check(form(reklame(ProductCategory.TOBACCO, Placement.OUTDOOR, "10", "10"),
                at(-7.265, 112.75, RoadClass.PROTOCOL), new Period(SUBMITTED_ON.minusDays(5), SUBMITTED_ON)));

        assertThat(codes(verdict)).containsExactly(ProductProhibited.CODE, InProhibitedZone.CODE, SizeExceeded.CODE,
                PeriodInvalid.CODE);
        assertThat(((PlacementRules.Failed) verdict).outcome()).isEqualTo(Violation.Outcome.REJECTED);
    }
}
