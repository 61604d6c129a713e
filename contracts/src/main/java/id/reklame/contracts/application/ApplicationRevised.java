package id.reklame.contracts.application;

import id.reklame.contracts.model.Applicant;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reklame;
import java.util.UUID;

/** The applicant replaced the application's content; it awaits a fresh decision. */
public record ApplicationRevised(UUID applicationId, Applicant applicant, Reklame reklame, Location location,
                                 Period period) implements ApplicationEvent {

    public ApplicationForm form() {
        return new ApplicationForm(applicant, reklame, location, period);
    }
}
