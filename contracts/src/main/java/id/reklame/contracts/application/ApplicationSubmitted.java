package id.reklame.contracts.application;

import id.reklame.contracts.model.Applicant;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reklame;
import java.util.UUID;

/** A new application; {@code renewalOf} names the permit's application it renews, if any. */
public record ApplicationSubmitted(UUID applicationId, Applicant applicant, Reklame reklame, Location location,
                                   Period period, UUID renewalOf) implements ApplicationEvent {

    public static ApplicationSubmitted of(UUID applicationId, ApplicationForm form) {
        return new ApplicationSubmitted(applicationId, form.applicant(), form.reklame(), form.location(),
                form.period(), null);
    }

    public ApplicationForm form() {
        return new ApplicationForm(applicant, reklame, location, period);
    }
}
