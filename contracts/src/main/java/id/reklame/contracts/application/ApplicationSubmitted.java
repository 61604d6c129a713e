package id.reklame.contracts.application;

import id.reklame.contracts.model.Applicant;
import id.reklame.contracts.model.ApplicationForm;
import id.reklame.contracts.model.Location;
import id.reklame.contracts.model.Period;
import id.reklame.contracts.model.Reklame;
import java.util.UUID;

/**
 * A new application; {@code renewalOf} names the permit's application it renews, if any. {@code owner} is
 * the subject of the applicant's token that submitted it (a renewal keeps its permit's owner); absent in
 * events written before owners were recorded.
 */
public record ApplicationSubmitted(UUID applicationId, Applicant applicant, Reklame reklame, Location location,
                                   Period period, UUID renewalOf, String owner) implements ApplicationEvent {

    /** A submission without a recorded owner, as events written before owners were recorded read. */
    public ApplicationSubmitted(UUID applicationId, Applicant applicant, Reklame reklame, Location location,
                                Period period, UUID renewalOf) {
        this(applicationId, applicant, reklame, location, period, renewalOf, null);
    }

    public static ApplicationSubmitted of(UUID applicationId, ApplicationForm form, String owner) {
        return new ApplicationSubmitted(applicationId, form.applicant(), form.reklame(), form.location(),
                form.period(), null, owner);
    }

    public ApplicationForm form() {
        return new ApplicationForm(applicant, reklame, location, period);
    }
}
