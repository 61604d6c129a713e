package id.reklame.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.decision.PermitDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** asyncapi.yaml describes both topics, the CloudEvents headers and the key, and one message per event version. */
class AsyncApiDocumentTest {

    private static final JsonNode DOC = new YAMLMapper().readTree(ContractFiles.text("asyncapi.yaml"));

    @Test
    void isAnAsyncApi3DocumentWithBothTopics() {
        assertThat(DOC.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(DOC.path("channels").path("applications").path("address").asString()).isEqualTo(Topics.APPLICATIONS);
        assertThat(DOC.path("channels").path("permitDecisions").path("address").asString()).isEqualTo(Topics.PERMIT_DECISIONS);
    }

    @Test
    void eachTopicCarriesExactlyTheEventVersionsOfItsProducer() {
        Map.of("applications", ApplicationEvent.class, "permitDecisions", PermitDecision.class).forEach((channel, family) -> {
            List<String> ceTypes = DOC.path("channels").path(channel).path("messages").valueStream()
                    .map(ref -> resolve(ref).path("name").asString())
                    .toList();
            List<String> expected = EventTypes.all().entrySet().stream()
                    .filter(e -> family.isAssignableFrom(e.getValue())).map(Map.Entry::getKey).toList();
            assertThat(ceTypes).as(channel).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void everyMessagePayloadRefersToAnExistingSchemaOfItsCeType() {
        JsonNode messages = DOC.path("components").path("messages");
        assertThat(messages.valueStream().map(m -> m.path("name").asString()))
                .containsExactlyInAnyOrderElementsOf(EventTypes.all().keySet());
        messages.forEach(message -> {
            String ceType = message.path("name").asString();
            String ref = message.path("payload").path("schema").path("$ref").asString();
            assertThat(ref).as(ceType).isEqualTo("./schemas/" + ceType + ".schema.json");
            assertThat(ContractFiles.exists(ref.substring(2))).as(ref).isTrue();
            assertThat(message.path("payload").path("schemaFormat").asString()).contains("2020-12");
            assertThat(message.path("traits").valueStream().map(this::resolve)).as(ceType)
                    .contains(DOC.at("/components/messageTraits/cloudEvent"));
        });
    }

    @Test
    void cloudEventHeadersAndRecordKeyAreDescribed() {
        JsonNode trait = DOC.at("/components/messageTraits/cloudEvent");
        JsonNode headers = resolve(trait.path("headers"));
        assertThat(headers.path("properties").propertyNames()).containsExactlyInAnyOrder(CloudEventHeaders.SPEC_VERSION,
                CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT,
                CloudEventHeaders.TIME, CloudEventHeaders.SEQUENCE, CloudEventHeaders.CONTENT_TYPE,
                CloudEventHeaders.TRACEPARENT);
        assertThat(headers.path("properties").path(CloudEventHeaders.SOURCE).path("enum").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(CloudEventHeaders.COMMAND_SOURCE, CloudEventHeaders.WORKER_SOURCE);
        assertThat(headers.path("properties").path(CloudEventHeaders.SPEC_VERSION).path("const").asString())
                .isEqualTo(CloudEventHeaders.SPEC_VERSION_VALUE);

        JsonNode key = resolve(trait.path("bindings").path("kafka").path("key"));
        assertThat(key.path("type").asString()).isEqualTo("string");
        assertThat(key.path("format").asString()).isEqualTo("uuid");
    }

    /** Follows a local {@code $ref} ("#/components/...") within the document. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asString("");
        return ref.startsWith("#") ? DOC.at(ref.substring(1)) : node;
    }
}
