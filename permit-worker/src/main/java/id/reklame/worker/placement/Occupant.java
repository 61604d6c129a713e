package id.reklame.worker.placement;

import java.time.LocalDate;
import java.util.UUID;

/** An advertisement that holds its site (assessed or issued) for a period. */
public record Occupant(UUID applicationId, Site site, LocalDate from, LocalDate to) {
}
