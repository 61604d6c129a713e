package id.reklame.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventSummaryTest {

    @Test
    void rupiahAreGroupedAsThePublishedExamplesWriteThem() {
        assertThat(EventSummary.rupiah(7_500_000)).isEqualTo("Rp7,500,000");
        assertThat(EventSummary.rupiah(999)).isEqualTo("Rp999");
        assertThat(EventSummary.rupiah(1_000)).isEqualTo("Rp1,000");
        assertThat(EventSummary.rupiah(0)).isEqualTo("Rp0");
        assertThat(EventSummary.rupiah(-125_000)).isEqualTo("-Rp125,000");
    }
}
