package id.reklame.contracts.model;

import java.math.BigDecimal;

/** One multiplier applied to the tax base, with why ({@code INDOOR}, {@code RESTRICTED_PRODUCT}, {@code ELEVATED}). */
public record Adjustment(String reason, BigDecimal factor) {
}
