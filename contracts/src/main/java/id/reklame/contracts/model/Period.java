package id.reklame.contracts.model;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/** The display period, both dates inclusive, in the Asia/Jakarta calendar. */
public record Period(@NotNull LocalDate startDate, @NotNull LocalDate endDate) {

    @AssertTrue(message = "endDate must not be before startDate")
    boolean isEndDateNotBeforeStartDate() {
        return startDate == null || endDate == null || !endDate.isBefore(startDate);
    }
}
