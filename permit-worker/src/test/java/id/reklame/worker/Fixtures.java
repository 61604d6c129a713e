package id.reklame.worker;

import id.reklame.contracts.CloudEventHeaders;
import id.reklame.contracts.EventTypes;
import id.reklame.contracts.application.ApplicationEvent;
import id.reklame.contracts.application.ApplicationSubmitted;
import id.reklame.contracts.model.*;
import id.reklame.platform.kafka.CloudEventCodec;
import id.reklame.platform.kafka.EventMetadata;
import id.reklame.platform.kafka.ReceivedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Applications and events as the command side would publish them. */
public final class Fixtures {

    /** Submitted on 2027-01-10 in Jakarta (03:00 UTC is 10:00 there). */
    public static final Instant SUBMITTED_AT = Instant.parse("2027-01-10T03:00:00Z");

    /** The published DKI example: 2 m × 4 m billboard, one side, one unit, 30 days on a protocol road. */
    public static ApplicationForm dkiForm(double latitude, double longitude) {
        return new ApplicationForm(
                new Applicant("PT Maju Jaya", "3578012345670001", "izin@majujaya.co.id", "+6281234567890"),
                new Reklame(ReklameType.BILLBOARD, "Kopi Nusantara", ProductCategory.GENERAL, Placement.OUTDOOR,
                        new BigDecimal("2"), new BigDecimal("4"), 1, 1, null),
                new Location("Jl. Raya Darmo 1", "Tegalsari", RoadClass.PROTOCOL, BigDecimal.valueOf(latitude),
                        BigDecimal.valueOf(longitude)),
                new Period(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 3, 2)));
    }

    public static ApplicationForm dkiForm() {
        return dkiForm(-7.2756, 112.7395);
    }

    public static ApplicationSubmitted submitted(UUID applicationId, ApplicationForm form) {
        return ApplicationSubmitted.of(applicationId, form, "applicant-1");
    }

    public static ReceivedEvent<ApplicationEvent> received(ApplicationEvent event, long version, Instant time) {
        return new ReceivedEvent<>(metadata(UUID.randomUUID(), event, version, time), event);
    }

    public static EventMetadata metadata(UUID eventId, ApplicationEvent event, long version, Instant time) {
        return new EventMetadata(eventId, EventTypes.typeOf(event), CloudEventHeaders.COMMAND_SOURCE,
                event.applicationId().toString(), time, version, null);
    }

    public static ProducerRecord<String, byte[]> record(String topic, ReceivedEvent<? extends ApplicationEvent> event) {
        return CloudEventCodec.encode(topic, event.metadata(), event.data());
    }

    public static ProducerRecord<String, byte[]> record(String topic, ApplicationEvent event, long version, Instant time) {
        return record(topic, received(event, version, time));
    }

    private Fixtures() {
    }
}
