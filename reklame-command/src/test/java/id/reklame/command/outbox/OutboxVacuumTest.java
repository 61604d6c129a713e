package id.reklame.command.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxVacuumTest {

    @Test
    void vacuumIsDueOnceEveryFewThousandDeletes() {
        OutboxVacuum vacuum = OutboxVacuum.none();

        assertThat(vacuum.due(OutboxVacuum.AFTER_DELETES - 1)).isFalse();
        assertThat(vacuum.due(1)).isTrue();
        assertThat(vacuum.due(1)).isFalse();
    }

    @Test
    void relaysDeletingAtOnceVacuumAtMostOncePerFewThousandDeletes() throws Exception {
        OutboxVacuum vacuum = OutboxVacuum.none();
        AtomicInteger due = new AtomicInteger();
        try (ExecutorService relays = Executors.newFixedThreadPool(4)) {
            for (Future<?> relay : IntStream.range(0, 4).mapToObj(r -> relays.submit(() -> {
                for (int batch = 0; batch < 1_000; batch++) {
                    if (vacuum.due(10)) {
                        due.incrementAndGet();
                    }
                }
            })).toList()) {
                relay.get();
            }
        }

        // deletes counted by one relay while another resets the count may be forgotten: never more vacuums
        assertThat(due.get()).isBetween(4 * 1_000 * 10 / OutboxVacuum.AFTER_DELETES - 1, 4 * 1_000 * 10 / OutboxVacuum.AFTER_DELETES);
    }
}
