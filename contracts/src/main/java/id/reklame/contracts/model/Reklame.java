package id.reklame.contracts.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** The advertisement object itself. */
public record Reklame(
        @NotNull ReklameType type,
        @NotBlank @Size(max = 500) String content,
        @NotNull ProductCategory productCategory,
        @NotNull Placement placement,
        @NotNull @DecimalMin("0.1") @DecimalMax("50") @Digits(integer = 2, fraction = 2) BigDecimal widthM,
        @NotNull @DecimalMin("0.1") @DecimalMax("50") @Digits(integer = 2, fraction = 2) BigDecimal heightM,
        @NotNull @Min(1) @Max(4) Integer sides,
        @NotNull @Min(1) @Max(1000) Integer units,
        /* optional */
        @DecimalMin("0") @DecimalMax("100") BigDecimal heightAboveGroundM) {
}
