package id.reklame.contracts.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** Where the advertisement stands. */
public record Location(
        @NotBlank @Size(max = 200) String address,
        @NotBlank @Size(max = 100) String district,
        @NotNull RoadClass roadClass,
        @NotNull @DecimalMin("-11") @DecimalMax("6") BigDecimal latitude,
        @NotNull @DecimalMin("95") @DecimalMax("141") BigDecimal longitude) {
}
