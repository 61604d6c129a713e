package id.reklame.worker.placement;

import id.reklame.contracts.model.ApplicationForm;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An application to be checked: its form, the day it was submitted (Asia/Jakarta) and the
 * advertisements that hold sites near it.
 */
public record Candidate(UUID applicationId, ApplicationForm form, LocalDate submittedOn, List<Occupant> nearby) {

    public Candidate {
        nearby = List.copyOf(nearby);
    }

    public Site site() {
        return Site.of(form.location().latitude(), form.location().longitude());
    }
}
