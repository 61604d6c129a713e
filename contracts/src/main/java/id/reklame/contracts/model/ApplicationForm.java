package id.reklame.contracts.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** What an applicant submits, and revises: the body of POST and PUT /api/v1/applications. */
public record ApplicationForm(
        @NotNull @Valid Applicant applicant,
        @NotNull @Valid Reklame reklame,
        @NotNull @Valid Location location,
        @NotNull @Valid Period period) {
}
