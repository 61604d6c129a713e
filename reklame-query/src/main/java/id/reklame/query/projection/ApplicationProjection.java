package id.reklame.query.projection;

import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.platform.kafka.ReceivedEvent;
import id.reklame.query.view.ApplicationView;
import id.reklame.query.view.ApplicationViews;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies each application's events in version order, once: a version already applied is a
 * re-sent event and changes nothing; a version beyond the next one means an event is missing.
 */
@Service
public class ApplicationProjection {

    private static final Logger log = LoggerFactory.getLogger(ApplicationProjection.class);

    private final ApplicationViews views;

    public ApplicationProjection(ApplicationViews views) {
        this.views = views;
    }

    @Transactional
    public void apply(ReceivedEvent<ApplicationEvent> received) {
        long version = received.metadata().sequence();
        Optional<ApplicationView> current = views.findForUpdate(received.data().applicationId());
        long applied = current.map(ApplicationView::version).orElse(0L);
        if (version <= applied) {
            return;
        }
        if (version != applied + 1) {
            log.warn("version gap in application {}: view at {}, received {} ({})", received.data().applicationId(),
                    applied, version, received.metadata().type());
            return;
        }
        views.save(ApplicationView.apply(current.orElse(null), received.data(), version, received.metadata().time()));
    }
}
