package id.reklame.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.decision.PermitDecision;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every event version has its schema and golden sample, and nothing is published outside the catalogue. */
class EventCatalogueTest {

    @Test
    void everyCeTypeHasASchemaAndASample() {
        ContractFiles.ceTypes().forEach(ceType -> {
            assertThat(ContractFiles.exists("schemas/" + ceType + ".schema.json")).as("schema of %s", ceType).isTrue();
            assertThat(ContractFiles.exists("samples/" + ceType + ".json")).as("sample of %s", ceType).isTrue();
        });
    }

    @Test
    void everySchemaAndSampleFileBelongsToAKnownCeType() {
        var known = EventTypes.all().keySet();
        assertThat(ContractFiles.list("schemas").stream()
                .filter(file -> !file.equals("common.schema.json"))
                .map(file -> file.replaceFirst("\\.schema\\.json$", "")))
                .containsExactlyInAnyOrderElementsOf(known);
        assertThat(ContractFiles.list("samples").stream().map(file -> file.replaceFirst("\\.json$", "")))
                .containsExactlyInAnyOrderElementsOf(known);
    }

    @Test
    void everyPermittedEventRecordIsRegistered() {
        var permitted = Stream.of(ApplicationEvent.class, PermitDecision.class)
                .flatMap(sealed -> Stream.of(sealed.getPermittedSubclasses()))
                .toList();
        assertThat(Set.copyOf(EventTypes.all().values())).containsExactlyInAnyOrderElementsOf(permitted);
    }

    @Test
    void ceTypesFollowTheNamingRuleOfTheirTopic() {
        EventTypes.all().forEach((ceType, type) -> assertThat(ceType)
                .matches(ApplicationEvent.class.isAssignableFrom(type)
                        ? "id\\.reklame\\.application\\.[a-z.]+\\.v1"
                        : "id\\.reklame\\.decision\\.[a-z.]+\\.v1"));
    }

    @Test
    void aLaterVersionOfAKnownTypeOfTheStreamIsOneToSkip() {
        assertThat(EventTypes.isLaterVersionOfKnown("id.reklame.application.submitted.v2", ApplicationEvent.class)).isTrue();
        assertThat(EventTypes.isLaterVersionOfKnown("id.reklame.application.permit.issued.v17", ApplicationEvent.class)).isTrue();
    }

    @Test
    void anyOtherUnknownTypeIsNot() {
        for (String type : new String[] {"id.reklame.application.bogus.v1", "id.reklame.application.submitted.v1",
                "id.reklame.application.submitted.v0", "id.reklame.application.submitted",
                "id.reklame.application.submitted.v99999999999", "com.example.submitted.v2", ""}) {
            assertThat(EventTypes.isLaterVersionOfKnown(type, ApplicationEvent.class)).as(type).isFalse();
        }
        // a later version of the other stream's type does not belong on this one
        String decision = EventTypes.all().entrySet().stream().filter(e -> PermitDecision.class.isAssignableFrom(e.getValue()))
                .map(e -> e.getKey().replaceAll("\\.v1$", ".v2")).findFirst().orElseThrow();
        assertThat(EventTypes.isLaterVersionOfKnown(decision, ApplicationEvent.class)).isFalse();
        assertThat(EventTypes.isLaterVersionOfKnown(decision, PermitDecision.class)).isTrue();
    }
}
