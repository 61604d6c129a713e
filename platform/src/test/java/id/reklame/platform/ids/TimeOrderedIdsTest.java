package id.reklame.platform.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    private static final Instant MADE = Instant.parse("2026-11-27T01:30:00.123Z");

    @Test
    void aNewIdIsVersion7AndStartsWithItsMillisecond() {
        UUID id = TimeOrderedIds.next(Clock.fixed(MADE, ZoneOffset.UTC));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(MADE.toEpochMilli());
    }

    @Test
    void idsMadeLaterSortAfterEarlierOnesAsPostgresqlComparesThem() {
        UUID earlier = TimeOrderedIds.next(Clock.fixed(MADE, ZoneOffset.UTC));
        UUID later = TimeOrderedIds.next(Clock.fixed(MADE.plusMillis(1), ZoneOffset.UTC));

        // PostgreSQL orders uuid values by their bytes, which is the order of their text
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void idsMadeInTheSameMillisecondDifferInTheirRandomBits() {
        Clock clock = Clock.fixed(MADE, ZoneOffset.UTC);
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next(clock));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void aDerivedIdIsTheSameEveryTimeAndKeepsTheTimeOfItsSource() {
        UUID source = TimeOrderedIds.next(Clock.fixed(MADE, ZoneOffset.UTC));

        UUID derived = TimeOrderedIds.derived(source, "decision-for:" + source);

        assertThat(TimeOrderedIds.derived(source, "decision-for:" + source)).isEqualTo(derived);
        assertThat(TimeOrderedIds.derived(source, "renewal:" + source)).isNotEqualTo(derived);
        assertThat(derived.version()).isEqualTo(8);
        assertThat(derived.variant()).isEqualTo(2);
        assertThat(derived.getMostSignificantBits() >>> 16).isEqualTo(MADE.toEpochMilli());
    }

    @Test
    void anIdDerivedFromADerivedIdKeepsTheSameTime() {
        UUID source = TimeOrderedIds.next(Clock.fixed(MADE, ZoneOffset.UTC));
        UUID decision = TimeOrderedIds.derived(source, "decision-for:" + source);

        UUID event = TimeOrderedIds.derived(decision, "decision:" + decision);

        assertThat(event.version()).isEqualTo(8);
        assertThat(event.getMostSignificantBits() >>> 16).isEqualTo(MADE.toEpochMilli());
    }

    @Test
    void anIdDerivedFromARandomIdIsDerivedAsBeforeSoRedeliveredOlderMessagesKeepTheirIds() {
        UUID older = UUID.fromString("5f0c6c4e-8c2a-4d0b-9a51-0d6f1f7b2c11");
        String name = "decision-for:" + older;

        // the value every earlier release derived for this name
        assertThat(TimeOrderedIds.derived(older, name))
                .isEqualTo(UUID.fromString("3db068be-23f3-3fe0-8679-0944249b5e76"));
    }
}
