package id.reklame.command.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxNotifierTest {

    private static final int ALL = 0xFFFF;

    @Test
    void aPayloadNamesTheShardsCommittedToOneBitEach() {
        assertThat(OutboxNotifier.shards("1")).isEqualTo(1);
        assertThat(OutboxNotifier.shards("32768")).isEqualTo(1 << 15);
        assertThat(OutboxNotifier.shards("5")).isEqualTo(0b101);
        assertThat(OutboxNotifier.shards("65535")).isEqualTo(ALL);
    }

    /** An empty payload (an instance from before shards were named) or one not understood wakes every relay. */
    @Test
    void aPayloadNamingNoShardItCanReadWakesThemAll() {
        assertThat(OutboxNotifier.shards("")).isEqualTo(ALL);
        assertThat(OutboxNotifier.shards("0")).isEqualTo(ALL);
        assertThat(OutboxNotifier.shards("x")).isEqualTo(ALL);
        assertThat(OutboxNotifier.shards("-1")).isEqualTo(ALL);
        assertThat(OutboxNotifier.shards("65536")).isEqualTo(ALL);
        assertThat(OutboxNotifier.shards("99999999999")).isEqualTo(ALL);
    }
}
