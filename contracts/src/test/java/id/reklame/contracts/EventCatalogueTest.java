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
}
