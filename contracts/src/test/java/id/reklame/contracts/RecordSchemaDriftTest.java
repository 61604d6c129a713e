package id.reklame.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.*;
import id.reklame.contracts.decision.*;
import id.reklame.contracts.model.*;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Records built in Java, not read from a sample, must still match the schemas: catches drift on either side. */
class RecordSchemaDriftTest {

    private static final Set<String> OPTIONAL = Set.of("heightAboveGroundM", "renewalOf", "owner");

    private static final Map<Class<? extends Record>, String> SHARED = Map.of(Applicant.class, "applicant",
            Reklame.class, "reklame", Location.class, "location", Period.class, "period",
            TaxAssessment.class, "taxAssessment", Reason.class, "reason", Adjustment.class, "adjustment");

    private static final JsonNode COMMON = ContractFiles.schemaTree("common");

    private static final UUID ID = UUID.fromString("1d6c9a52-8f0e-4b7a-a3c4-92e5f1b0d7c8");

    /** An indoor tobacco neon box, elevated: every adjustment, decimal sizes, both optional fields in one or the other record. */
    static Stream<Object> events() {
        var form = new ApplicationForm(
                new Applicant("CV Sinar Terang", "9120001234567", "admin@sinarterang.id", "0315551234"),
                new Reklame(ReklameType.NEON_BOX, "Rokok Kretek Jaya", ProductCategory.TOBACCO, Placement.INDOOR,
                        new BigDecimal("1.25"), new BigDecimal("0.80"), 2, 3, new BigDecimal("16.5")),
                new Location("Jl. Tunjungan 65", "Genteng", RoadClass.ARTERIAL, new BigDecimal("-7.2575"),
                        new BigDecimal("112.7381")),
                new Period(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 5, 29)));
        var plain = new Reklame(ReklameType.SPANDUK, "Festival Rujak Uleg", ProductCategory.GENERAL,
                Placement.OUTDOOR, new BigDecimal("0.1"), new BigDecimal("50"), 1, 1000, null);
        // 35,000 x 1.0000 m2 x 2 sides x 3 units x 90 days = 18,900,000; x0.50 x1.50 x1.20 = 17,010,000; 25% = 4,252,500
        var assessment = new TaxAssessment(35_000, new BigDecimal("1.0000"), 90, new BigDecimal("18900000.0000"),
                List.of(new Adjustment("INDOOR", new BigDecimal("0.50")),
                        new Adjustment("RESTRICTED_PRODUCT", new BigDecimal("1.50")),
                        new Adjustment("ELEVATED", new BigDecimal("1.20"))),
                4_252_500, "SKPD-RKL/2027/000042", "357801270000000042", LocalDate.of(2027, 2, 20),
                LocalDate.of(2027, 3, 20));
        var reasons = List.of(new Reason("SIZE_EXCEEDED", "one face is 64 m2; an ARTERIAL road allows at most 32 m2"),
                new Reason("PERIOD_INVALID", "the period is longer than 365 days"));
        LocalDate from = LocalDate.of(2027, 3, 1), to = LocalDate.of(2027, 5, 29);
        return Stream.of(
                ApplicationSubmitted.of(ID, form, "applicant-3f9c2a"),
                new ApplicationSubmitted(ID, form.applicant(), plain, form.location(), form.period(),
                        UUID.fromString("0f3e8b21-6c4d-4a9e-8b17-d2c5a7e9f4b3")),
                new ApplicationRevised(ID, form.applicant(), form.reklame(), form.location(), form.period()),
                new ApplicationWithdrawn(ID, "Tempat tidak jadi disewa"),
                new ApplicationAssessed(ID, assessment),
                new RevisionRequested(ID, reasons),
                new ApplicationRejected(ID, List.of(new Reason("SITE_OCCUPIED", "an issued permit stands 6 m away"))),
                new PaymentReceived(ID, assessment.billingCode(), 4_252_500, Instant.parse("2027-03-01T09:30:15.123Z"), "QRIS-8812"),
                new PaymentRejected(ID, "QRIS-8811", 4_252_500, 4_000_000, 252_500),
                new PermitIssued(ID, "IPR-RKL/2027/000042", from, to),
                new PermitExpired(ID, to.plusDays(1)),
                new AssessedDecision(ID, 2, assessment),
                new RevisionRequiredDecision(ID, 1, reasons),
                new RejectedDecision(ID, 1, List.of(new Reason("PROHIBITED_ZONE", "within 150 m of Z-PRK-01"))),
                new PaymentAcceptedDecision(ID, 5, "QRIS-8812", "IPR-RKL/2027/000042", from, to),
                new PaymentRejectedDecision(ID, 4, "QRIS-8811", 4_252_500, 4_000_000, 252_500),
                new ExpiredDecision(ID, 6, to.plusDays(1)));
    }

    @ParameterizedTest
    @MethodSource("events")
    void recordWrittenInJavaIsValidAgainstItsSchema(Object event) {
        String ceType = EventTypes.typeOf(event);
        JsonNode written = ContractFiles.wire(event);
        assertThat(ContractFiles.validate(ceType, written)).as("%s%n%s", ceType, written).isEmpty();
        assertDeclared(written, ContractFiles.schemaTree(ceType), ceType);
        assertThat(ContractFiles.sameJson(ContractFiles.wire(ContractFiles.MAPPER.treeToValue(written, event.getClass())), written))
                .as("round trip of %s", ceType).isTrue();
    }

    /** Every field a record writes is described by its schema (open schemas would accept a stray one silently). */
    private static void assertDeclared(JsonNode data, JsonNode schema, String path) {
        while (schema.has("$ref")) {
            schema = COMMON.at(schema.get("$ref").asString().replaceFirst("^(common\\.schema\\.json)?#", ""));
        }
        JsonNode properties = schema.path("properties");
        JsonNode items = schema.path("items");
        if (data.isObject()) {
            data.forEachEntry((name, value) -> {
                assertThat(properties.has(name)).as("%s/%s is written but not described", path, name).isTrue();
                assertDeclared(value, properties.get(name), path + "/" + name);
            });
        } else if (data.isArray()) {
            data.forEach(item -> assertDeclared(item, items, path + "[]"));
        }
    }

    @Test
    void javaRecordsCoverEveryEventVersion() {
        assertThat(events().map(Object::getClass).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(EventTypes.all().values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("id.reklame.contracts.ContractFiles#ceTypes")
    void eventSchemaDescribesExactlyTheRecordComponents(String ceType) {
        assertDescribes(ContractFiles.schemaTree(ceType), ContractFiles.recordClass(ceType));
    }

    @Test
    void sharedDefinitionsDescribeExactlyTheModelRecords() {
        SHARED.forEach((type, name) -> assertDescribes(COMMON.get("$defs").get(name), type));
    }

    /** Properties are the record's components; required are all of them but the known optional ones. */
    private static void assertDescribes(JsonNode schema, Class<?> type) {
        List<String> components = Stream.of(type.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(schema.get("properties").propertyNames()).as("properties of %s", type.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(components);
        var required = new HashSet<>(components);
        required.removeAll(OPTIONAL);
        assertThat(schema.get("required").valueStream().map(JsonNode::asString))
                .as("required of %s", type.getSimpleName()).containsExactlyInAnyOrderElementsOf(required);
    }
}
