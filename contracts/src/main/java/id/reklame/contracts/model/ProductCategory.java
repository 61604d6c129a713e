package id.reklame.contracts.model;

public enum ProductCategory {
    GENERAL, TOBACCO, ALCOHOL
}
