package id.reklame.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import id.reklame.query.ApplicationStreams;
import id.reklame.query.view.ApplicationView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewCacheTest {

    private final ApplicationStreams streams = new ApplicationStreams(5);

    private ApplicationView view() {
        var first = streams.life().getFirst();
        return ApplicationView.apply(null, first.event(), first.version(), first.at());
    }

    private static ProjectionChanges changed(ApplicationView... views) {
        return new ProjectionChanges(List.of(views), List.of(), List.of(), List.of(), Set.of(), List.of(),
                ProjectionChanges.Counts.NONE);
    }

    private static void commit(ViewCache cache, ApplicationView... views) {
        ProjectionChanges changes = changed(views);
        cache.committed(cache.stage(changes.views()), changes, changes.views().stream().map(ApplicationView::applicationId).toList());
    }

    @Test
    void withWriteBehindAViewIsWrittenOnlyWhenItLeavesTheCacheOrOnFlush() {
        ViewCache cache = new ViewCache(2, true);
        ApplicationView a = view();
        ApplicationView b = view();
        ApplicationView c = view();

        assertThat(cache.stage(List.of(a)).write()).isEmpty();
        commit(cache, a);
        commit(cache, b);
        ViewCache.Staged third = cache.stage(List.of(c));

        assertThat(third.write()).containsExactly(a);
        assertThat(third.evicted()).containsExactly(a.applicationId());
        commit(cache, c);
        assertThat(cache.get(a.applicationId())).isNull();
        assertThat(cache.flush()).containsExactlyInAnyOrder(b, c);
    }

    @Test
    void aBatchThatFailsBeforeItsCommitLeavesTheCacheAsItWas() {
        ViewCache cache = new ViewCache(1, true);
        ApplicationView a = view();
        commit(cache, a);

        cache.stage(List.of(view())); // its transaction fails: nothing is committed
        cache.forgetWritten();

        assertThat(cache.get(a.applicationId())).isEqualTo(a);
        assertThat(cache.flush()).containsExactly(a);
    }

    @Test
    void writingThroughWritesEveryChangeAtOnce() {
        ViewCache cache = new ViewCache(10, true);
        ApplicationView a = view();
        commit(cache, a);
        cache.flushed(cache.flush());
        cache.writeThrough();

        ApplicationView b = view();
        assertThat(cache.stage(List.of(b)).write()).containsExactly(b);
        commit(cache, b);
        assertThat(cache.hasUnwritten()).isFalse();
        assertThat(Map.of("a", cache.get(a.applicationId()))).containsEntry("a", a);
    }
}
