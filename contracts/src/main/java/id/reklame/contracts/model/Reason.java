package id.reklame.contracts.model;

/** Why a rule failed: a stable code (e.g. {@code SIZE_EXCEEDED}) and a readable message. */
public record Reason(String code, String message) {
}
