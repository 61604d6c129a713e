package id.reklame.command.eventstore;

import java.util.UUID;

/** Another writer appended this version of the application first. */
public class VersionConflictException extends RuntimeException {

    public VersionConflictException(UUID applicationId, long version) {
        super("version " + version + " of application " + applicationId + " was written concurrently");
    }
}
