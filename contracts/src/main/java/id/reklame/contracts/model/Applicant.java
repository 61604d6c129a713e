package id.reklame.contracts.model;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The person or company applying and paying (pemohon / wajib pajak). */
public record Applicant(
        @NotBlank @Size(max = 200) String name,
        /* NIK (16 digits) for a person, NIB (13 digits) for a business */
        @NotNull @Pattern(regexp = "\\d{16}|\\d{13}", message = "must be a 16-digit NIK or a 13-digit NIB") String idNumber,
        @NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Pattern(regexp = "\\+?[0-9]{6,15}", message = "must be 6 to 15 digits, optionally starting with +") String phone) {
}
