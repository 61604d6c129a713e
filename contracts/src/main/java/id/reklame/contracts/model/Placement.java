package id.reklame.contracts.model;

public enum Placement {
    OUTDOOR, INDOOR
}
