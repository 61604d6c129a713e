package id.reklame.query.rebuild;

/** A rebuild is already running, here or in another process. */
public class RebuildRefusedException extends RuntimeException {

    public RebuildRefusedException(String message) {
        super(message);
    }
}
