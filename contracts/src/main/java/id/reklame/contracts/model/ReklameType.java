package id.reklame.contracts.model;

public enum ReklameType {
    BILLBOARD, BALIHO, VIDEOTRON, NEON_BOX, SPANDUK, STIKER
}
