package id.reklame.contracts;

/** Kafka topic names of the published event streams. Record key on both: the applicationId. */
public final class Topics {

    /** Application events, written only by reklame-command. */
    public static final String APPLICATIONS = "reklame.applications.v1";

    /** Worker decisions, written only by permit-worker. */
    public static final String PERMIT_DECISIONS = "reklame.permit-decisions.v1";

    /** Default partition count of both topics. */
    public static final int DEFAULT_PARTITIONS = 12;

    /** Dead-letter topic of one consuming group for one source topic. */
    public static String deadLetter(String sourceTopic, String groupId) {
        return sourceTopic + "." + groupId + ".dlt";
    }

    private Topics() {
    }
}
