package id.reklame.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationWithdrawn;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.query.ApplicationStreams;
import id.reklame.query.ApplicationStreams.Versioned;
import id.reklame.query.view.ApplicationView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ProjectionFoldTest {

    private final List<Versioned> life = new ApplicationStreams(7).life(); // submitted, assessed, paid, issued
    private long offset;

    private StreamRecord record(Versioned v) {
        return record(v.event(), v.version());
    }

    private StreamRecord record(ApplicationEvent event, long version) {
        var metadata = new EventMetadata(UUID.randomUUID(), EventTypes.typeOf(event), CloudEventHeaders.COMMAND_SOURCE,
                event.applicationId().toString(), Instant.parse("2027-01-01T00:00:00Z").plusSeconds(version), version, null);
        return new StreamRecord(new ConsumerRecord<>("t", 0, offset++, event.applicationId().toString(), new byte[0]),
                new ReceivedEvent<>(metadata, event));
    }

    private static ProjectionFold fresh() {
        return new ProjectionFold(Map.of(), Map.of());
    }

    @Test
    void eventsApplyInVersionOrderAndEachAddsOneTimelineEntry() {
        ProjectionFold fold = fresh();
        life.forEach(v -> fold.accept(record(v)));

        ProjectionChanges changes = fold.changes();
        assertThat(changes.views()).singleElement().satisfies(view -> {
            assertThat(view.version()).isEqualTo(4);
            assertThat(view.status()).isEqualTo("ISSUED");
            assertThat(view.payments()).singleElement().extracting(ApplicationView.Payment::outcome).isEqualTo("ACCEPTED");
        });
        assertThat(changes.history()).extracting(h -> h.version()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(changes.history().get(1).summary()).startsWith("Assessed: tax Rp");
        assertThat(changes.counts().applied()).isEqualTo(4);
    }

    @Test
    void aResentEventChangesNothing() {
        ProjectionFold fold = fresh();
        fold.accept(record(life.get(0)));
        fold.accept(record(life.get(1)));
        fold.accept(record(life.get(0)));
        fold.accept(record(life.get(1)));

        ProjectionChanges changes = fold.changes();
        assertThat(changes.views()).singleElement().extracting(ApplicationView::version).isEqualTo(2L);
        assertThat(changes.history()).hasSize(2);
        assertThat(changes.counts().duplicates()).isEqualTo(2);
    }

    @Test
    void anEventBeyondAMissingOneIsParkedUntilTheMissingOneArrives() {
        ProjectionFold fold = fresh();
        fold.accept(record(life.get(0)));
        fold.accept(record(life.get(2)));
        fold.accept(record(life.get(3)));

        ProjectionChanges gap = fold.changes();
        assertThat(gap.views()).singleElement().extracting(ApplicationView::version).isEqualTo(1L);
        assertThat(gap.parked()).extracting(ParkedEvent::version).containsExactly(3L, 4L);
        assertThat(gap.parked()).allSatisfy(p -> assertThat(p.viewVersion()).isEqualTo(1));

        fold.accept(record(life.get(1)));

        ProjectionChanges closed = fold.changes();
        assertThat(closed.views()).singleElement().extracting(ApplicationView::version).isEqualTo(4L);
        assertThat(closed.parked()).isEmpty();
        assertThat(closed.history()).extracting(h -> h.version()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void eventsParkedInAnEarlierBatchAreReleasedAndUnparked() {
        ProjectionFold first = fresh();
        first.accept(record(life.get(0)));
        first.accept(record(life.get(2)));
        ProjectionChanges earlier = first.changes();
        UUID id = life.getFirst().event().applicationId();
        ParkedEvent parked = earlier.parked().getFirst();

        ProjectionFold second = new ProjectionFold(Map.of(id, earlier.views().iterator().next()),
                Map.of(id, new java.util.TreeMap<>(Map.of(3L, parked))));
        second.accept(record(life.get(1)));

        ProjectionChanges changes = second.changes();
        assertThat(changes.views()).singleElement().extracting(ApplicationView::version).isEqualTo(3L);
        assertThat(changes.unparked()).containsExactly(new ProjectionChanges.Unparked(id, 3));
    }

    @Test
    void aFirstEventThatIsNoSubmissionIsPoisonAndLeavesNothingBehind() {
        ProjectionFold fold = fresh();
        StreamRecord withdrawn = record(new ApplicationWithdrawn(UUID.randomUUID(), "x"), 1);
        fold.accept(withdrawn);

        ProjectionChanges changes = fold.changes();
        assertThat(changes.views()).isEmpty();
        assertThat(changes.history()).isEmpty();
        assertThat(changes.poison()).singleElement().extracting(p -> p.record()).isSameAs(withdrawn.record());
    }

    @Test
    void anEventOfATypeThisBuildDoesNotKnowIsIgnored() {
        ProjectionFold fold = fresh();
        fold.accept(new StreamRecord(new ConsumerRecord<>("t", 0, 0, "k", new byte[0]), null));

        assertThat(fold.changes().counts().ignored()).isEqualTo(1);
    }
}
