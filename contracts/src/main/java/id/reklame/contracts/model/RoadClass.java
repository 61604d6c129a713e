package id.reklame.contracts.model;

/** Kelas jalan: the class of the road the advertisement faces. */
public enum RoadClass {
    PROTOCOL, ARTERIAL, COLLECTOR, LOCAL
}
