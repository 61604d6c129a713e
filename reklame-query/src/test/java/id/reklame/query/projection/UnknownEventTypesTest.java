package id.reklame.query.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class UnknownEventTypesTest {

    private static ConsumerRecord<String, byte[]> typed(String type) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "k", new byte[0]);
        if (type != null) {
            record.headers().add(CloudEventHeaders.TYPE, type.getBytes(UTF_8));
        }
        return record;
    }

    @Test
    void aLaterVersionOfAKnownApplicationEventIsOneToSkip() {
        assertThat(ApplicationProjection.isALaterVersionOfAKnownEvent(typed("id.reklame.application.submitted.v2"))).isTrue();
        assertThat(ApplicationProjection.isALaterVersionOfAKnownEvent(typed("id.reklame.application.permit.issued.v17")))
                .isTrue();
    }

    @Test
    void anyOtherUnknownTypeIsNot() {
        for (String type : new String[] {"id.reklame.application.bogus.v1", "id.reklame.application.submitted.v1",
                "id.reklame.application.submitted.v0", "id.reklame.application.submitted", "id.reklame.decision.expired.v2",
                "id.reklame.application.submitted.v99999999999", "com.example.submitted.v2", "", null}) {
            assertThat(ApplicationProjection.isALaterVersionOfAKnownEvent(typed(type))).as(type).isFalse();
        }
    }
}
